package org.oavc.connector.media.rtp;

/**
 * Adaptive jitter buffer for one incoming RTP stream with one frame per packet.
 *
 * <p>The network side calls {@link #offer} for each valid packet; the pacer calls {@link #poll}
 * once per frame time. Packets are ordered by extended sequence number (wrap-around safe);
 * duplicates and packets whose turn has passed are dropped; a missing packet at its turn becomes a
 * {@link Playout#CONCEAL} frame. The playout delay starts at the minimum and follows the RFC 3550
 * interarrival jitter (about four times the jitter), grows by a frame after an underrun and shrinks
 * by dropping a frame when the buffer has held more than needed for a while. A sequence jump is
 * believed, and the buffer restarted, when the next packet continues it (RFC 3550 A.1).
 *
 * <p>Payloads are copied into preallocated slots; offer and poll do not allocate. Not thread-safe:
 * drive it from one thread (or one context).
 */
public final class JitterBuffer {
  /** What {@link #offer} did with a packet. */
  public enum Offer {
    ACCEPTED,
    DUPLICATE,
    LATE,
    OVERSIZED,
    SEQUENCE_JUMP,
    RESYNCED
  }

  /** What {@link #poll} produced. */
  public enum Playout {
    /** A real packet: decode the frame's payload. */
    PACKET,
    /** A packet is missing or has not arrived in time: conceal (codec PLC or FEC). */
    CONCEAL,
    /** Nothing to play yet (start-up or after the stream paused): play silence. */
    SILENCE
  }

  private static final int MAX_DROPOUT = 3000;
  private static final int MAX_MISORDER = 100;

  /** Polls with more buffered than the target (plus one) before one frame is dropped. */
  private static final int SHRINK_AFTER_POLLS = 25;

  /** Underruns in a row that are concealed before the buffer re-primes with silence. */
  private static final int CONCEAL_UNDERRUNS = 3;

  private static final int BOOST_DECAY_POLLS = 500;

  private final int clockRate;
  private final int frameMillis;
  private final int frameTimestamps;
  private final int minFrames;
  private final int maxFrames;
  private final int maxPayload;
  private final int mask;
  private final JitterFrame[] slots;
  private final int[] slotSeq;
  private final boolean[] filled;
  private final boolean[] nonAudio;

  private boolean started;
  private boolean playing;
  private int nextSeq;
  private int highestSeq;
  private int jumpSeq = -1;
  private int lastTimestamp;
  private final InterarrivalJitter jitter;
  private int boostFrames;
  private int pollsSinceUnderrun;
  private int excessPolls;
  private int consecutiveUnderruns;

  private long received;
  private long played;
  private long lost;
  private long late;
  private long duplicates;
  private long reordered;
  private long dropped;
  private long underruns;
  private long resyncs;

  public JitterBuffer(JitterBufferOptions options) {
    clockRate = options.getClockRate();
    frameMillis = options.getFrameMillis();
    frameTimestamps = clockRate * frameMillis / 1000;
    jitter = new InterarrivalJitter(clockRate);
    minFrames = Math.max(1, ceilDiv(options.getMinDelayMillis(), frameMillis));
    maxFrames = Math.max(minFrames, options.getMaxDelayMillis() / frameMillis);
    int capacity =
        Integer.highestOneBit(Math.max(options.getCapacity(), 2 * maxFrames + 2) - 1) << 1;
    maxPayload = options.getMaxPayloadBytes();
    mask = capacity - 1;
    slots = new JitterFrame[capacity];
    slotSeq = new int[capacity];
    filled = new boolean[capacity];
    nonAudio = new boolean[capacity];
    for (int i = 0; i < capacity; i++) {
      slots[i] = new JitterFrame(maxPayload);
    }
    reset();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** Forgets all packets and the stream position; counters are kept. */
  public void reset() {
    started = false;
    playing = false;
    jumpSeq = -1;
    jitter.reset();
    boostFrames = 0;
    excessPolls = 0;
    consecutiveUnderruns = 0;
    java.util.Arrays.fill(filled, false);
    java.util.Arrays.fill(slotSeq, Integer.MIN_VALUE);
  }

  private void restartAt(int seq) {
    reset();
    started = true;
    // Extended numbers start one cycle up so "before the first packet" stays positive.
    nextSeq = 0x10000 | seq;
    highestSeq = nextSeq;
  }

  /**
   * Takes one valid RTP packet; the payload is copied, so the packet's buffer may be reused.
   *
   * @param arrivalNanos arrival time on a monotonic clock (e.g. {@link System#nanoTime()})
   */
  public Offer offer(RtpPacket packet, long arrivalNanos) {
    return offer(packet, arrivalNanos, true);
  }

  /**
   * Takes a packet of the same RTP stream that carries no audio frame (e.g. an RFC 4733
   * telephone-event packet handled elsewhere): it only occupies its sequence number, so the buffer
   * steps over it instead of concealing a "lost" frame there.
   */
  public Offer offerNonAudio(RtpPacket packet, long arrivalNanos) {
    return offer(packet, arrivalNanos, false);
  }

  private Offer offer(RtpPacket packet, long arrivalNanos, boolean audio) {
    if (packet.payloadLength() > maxPayload) {
      dropped++;
      return Offer.OVERSIZED;
    }
    int seq = packet.sequenceNumber();
    if (!started) {
      restartAt(seq);
      store(nextSeq, packet, arrivalNanos, audio);
      return Offer.ACCEPTED;
    }
    int ext = highestSeq + (short) (seq - (highestSeq & 0xFFFF));
    int ahead = ext - nextSeq;
    if (ahead < -MAX_MISORDER || ahead > MAX_DROPOUT) {
      if (jumpSeq >= 0 && seq == ((jumpSeq + 1) & 0xFFFF)) {
        restartAt(seq);
        resyncs++;
        store(nextSeq, packet, arrivalNanos, audio);
        return Offer.RESYNCED;
      }
      jumpSeq = seq;
      dropped++;
      return Offer.SEQUENCE_JUMP;
    }
    jumpSeq = -1;
    int idx = ext & mask;
    if (slotSeq[idx] == ext && (filled[idx] || ahead < 0)) {
      duplicates++;
      return Offer.DUPLICATE;
    }
    if (ahead < 0) {
      late++;
      if (audio) {
        jitter.update(packet.timestamp(), arrivalNanos);
      }
      return Offer.LATE;
    }
    if (ahead > mask) {
      // Far ahead of playout (the reader stalled): drop the oldest frames to make room.
      int newNext = ext - mask;
      for (int s = nextSeq; s < newNext; s++) {
        if (filled[s & mask] && slotSeq[s & mask] == s) {
          filled[s & mask] = false;
          dropped++;
        } else {
          lost++;
        }
      }
      nextSeq = newNext;
    }
    if (ext < highestSeq) {
      reordered++;
    }
    store(ext, packet, arrivalNanos, audio);
    return Offer.ACCEPTED;
  }

  private void store(int ext, RtpPacket packet, long arrivalNanos, boolean audio) {
    int idx = ext & mask;
    JitterFrame slot = slots[idx];
    int length = audio ? packet.payloadLength() : 0;
    System.arraycopy(packet.payloadBuffer(), packet.payloadOffset(), slot.payload, 0, length);
    slot.length = length;
    nonAudio[idx] = !audio;
    slot.payloadType = packet.payloadType();
    slot.sequenceNumber = packet.sequenceNumber();
    slot.timestamp = packet.timestamp();
    slot.marker = packet.marker();
    slotSeq[idx] = ext;
    filled[idx] = true;
    highestSeq = Math.max(highestSeq, ext);
    received++;
    if (audio) {
      // Event packets carry the event's start time, which says nothing about network jitter.
      jitter.update(packet.timestamp(), arrivalNanos);
    }
  }

  private int targetFrames() {
    int forJitter = (int) Math.ceil(4 * jitter.millis() / frameMillis) + 1;
    return Math.min(maxFrames, Math.max(minFrames, forJitter) + boostFrames);
  }

  /** A frame holder sized for this buffer's payloads (one per caller, reused for every poll). */
  public JitterFrame newFrame() {
    return new JitterFrame(maxPayload);
  }

  private static void copyPayload(JitterFrame from, JitterFrame to) {
    if (to.payload.length < from.length) {
      throw new IllegalArgumentException(
          "JitterFrame of "
              + to.payload.length
              + " bytes cannot take a "
              + from.length
              + "-byte payload; use JitterBuffer.newFrame()");
    }
    System.arraycopy(from.payload, 0, to.payload, 0, from.length);
  }

  /**
   * Produces the next frame into {@code out} (a caller-owned holder with this buffer's capacity).
   */
  public Playout poll(JitterFrame out) {
    out.length = 0;
    out.marker = false;
    if (!started) {
      return Playout.SILENCE;
    }
    if (++pollsSinceUnderrun >= BOOST_DECAY_POLLS && boostFrames > 0) {
      boostFrames--;
      pollsSinceUnderrun = 0;
    }
    skipNonAudio();
    int target = targetFrames();
    int depth = highestSeq - nextSeq + 1;
    out.sequenceNumber = nextSeq & 0xFFFF;
    out.timestamp = lastTimestamp + frameTimestamps;
    if (!playing) {
      if (depth < target) {
        return Playout.SILENCE;
      }
      playing = true;
    }
    if (depth <= 0) {
      return underrun();
    }
    consecutiveUnderruns = 0;
    if (depth > target + 1 && ++excessPolls >= SHRINK_AFTER_POLLS) {
      excessPolls = 0;
      discardHead();
    } else if (depth <= target + 1) {
      excessPolls = 0;
    }
    int idx = nextSeq & mask;
    out.sequenceNumber = nextSeq & 0xFFFF;
    nextSeq++;
    if (filled[idx] && slotSeq[idx] == nextSeq - 1) {
      JitterFrame slot = slots[idx];
      if (out.payload.length >= maxPayload) {
        byte[] swap = out.payload;
        out.payload = slot.payload;
        slot.payload = swap;
      } else {
        copyPayload(slot, out);
      }
      out.length = slot.length;
      out.payloadType = slot.payloadType;
      out.timestamp = slot.timestamp;
      out.marker = slot.marker;
      filled[idx] = false;
      lastTimestamp = slot.timestamp;
      played++;
      return Playout.PACKET;
    }
    lost++;
    lastTimestamp += frameTimestamps;
    return Playout.CONCEAL;
  }

  private void skipNonAudio() {
    int idx = nextSeq & mask;
    while (nextSeq <= highestSeq && filled[idx] && slotSeq[idx] == nextSeq && nonAudio[idx]) {
      filled[idx] = false;
      nextSeq++;
      idx = nextSeq & mask;
    }
  }

  private Playout underrun() {
    underruns++;
    if (consecutiveUnderruns++ == 0) {
      boostFrames = Math.min(boostFrames + 1, maxFrames);
      pollsSinceUnderrun = 0;
    }
    if (consecutiveUnderruns > CONCEAL_UNDERRUNS) {
      playing = false;
      return Playout.SILENCE;
    }
    return Playout.CONCEAL;
  }

  private void discardHead() {
    int idx = nextSeq & mask;
    if (filled[idx] && slotSeq[idx] == nextSeq) {
      filled[idx] = false;
      lastTimestamp = slots[idx].timestamp;
      dropped++;
    } else {
      // Skipping a frame whose packet never came: it is lost, just not concealed.
      lastTimestamp += frameTimestamps;
      lost++;
    }
    nextSeq++;
  }

  /**
   * Copies the packet now at the play position without consuming it, e.g. to recover a frame just
   * concealed from the Opus FEC data in its successor.
   *
   * @return false when that packet has not arrived
   */
  public boolean peek(JitterFrame out) {
    int idx = nextSeq & mask;
    if (!started || !filled[idx] || slotSeq[idx] != nextSeq || nonAudio[idx]) {
      return false;
    }
    copyPayload(slots[idx], out);
    out.copyHeaderFrom(slots[idx]);
    return true;
  }

  /** Interarrival jitter (RFC 3550 A.8) in timestamp units. */
  public double jitterTimestampUnits() {
    return jitter.timestampUnits();
  }

  public int targetDelayMillis() {
    return targetFrames() * frameMillis;
  }

  public int bufferedFrames() {
    return started ? Math.max(0, highestSeq - nextSeq + 1) : 0;
  }

  public JitterBufferStats stats() {
    return new JitterBufferStats(
        received,
        played,
        lost,
        late,
        duplicates,
        reordered,
        dropped,
        underruns,
        resyncs,
        jitter.timestampUnits(),
        jitter.millis(),
        targetDelayMillis(),
        bufferedFrames());
  }
}
