package org.oavc.connector.media.session.impl;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.CodecException;
import org.oavc.connector.media.dtmf.DtmfDigit;
import org.oavc.connector.media.dtmf.DtmfReceiver;
import org.oavc.connector.media.rtcp.RtpReceptionStats;
import org.oavc.connector.media.rtp.JitterBuffer;
import org.oavc.connector.media.rtp.JitterBufferOptions;
import org.oavc.connector.media.rtp.JitterFrame;
import org.oavc.connector.media.rtp.RtpPacket;
import org.oavc.connector.media.rtp.RtpSourceLatch;
import org.oavc.connector.media.rtp.RtpValidation;
import org.oavc.connector.media.session.AudioSink;

/**
 * The caller's incoming stream: validation, latching, jitter buffer, decoding and delivery at the
 * consumer's rate. Confined to the session's event loop (no locks); {@link #playout} runs once per
 * frame time, scheduled by the media clock.
 */
final class RtpReceiver {
  /** What {@link #onRtp} did with a datagram that is not RTCP. */
  enum Verdict {
    ACCEPTED,
    LATCHED,
    RELATCHED,
    MALFORMED,
    WRONG_PAYLOAD_TYPE,
    UNLATCHED_SOURCE,
    FOREIGN_SSRC,
    RTCP
  }

  private final RtpPacket packet = new RtpPacket();
  private final RtpSourceLatch latch;
  private final Consumer<DtmfDigit> onDigit;
  private AudioCodec codec;
  private int payloadType = -1;
  private Integer telephoneEvent;
  private JitterBuffer jitter;
  private JitterFrame frame;
  private JitterFrame next;
  private int samplesPerFrame;
  private short[] decoded = new short[AudioCodec.MAX_DECODED_SAMPLES];
  private DtmfReceiver dtmf;
  private RtpReceptionStats stats;
  private int streamSsrc;
  private int clockRate = 8000;
  private FrameTap sink;
  private FrameTap recording;

  /** Mean square of a frame at -45 dBov: quieter decoded frames count as silence. */
  private static final double VOICED_MEAN_SQUARE = Math.pow(32768 * Math.pow(10, -45 / 20.0), 2);

  private volatile long packets;
  private volatile long voicedFrames;
  private volatile long lastPacketNanos;

  RtpReceiver(RtpSourceLatch latch, Consumer<DtmfDigit> onDigit) {
    this.latch = latch;
    this.onDigit = onDigit;
  }

  void configure(
      AudioCodec codec,
      int payloadType,
      int ptimeMs,
      Integer telephoneEvent,
      JitterBufferOptions jitterOptions) {
    boolean same =
        this.codec != null
            && this.codec.name().equals(codec.name())
            && this.payloadType == payloadType;
    this.telephoneEvent = telephoneEvent;
    if (same) {
      return;
    }
    this.codec = codec;
    this.payloadType = payloadType;
    this.clockRate = codec.payloadClockRate();
    this.samplesPerFrame = codec.samplesPerFrame(ptimeMs);
    jitter = new JitterBuffer(jitterOptions.setClockRate(clockRate).setFrameMillis(ptimeMs));
    frame = jitter.newFrame();
    next = jitter.newFrame();
    dtmf = new DtmfReceiver(clockRate, onDigit);
    stats = null;
  }

  /** True once a negotiation told us the codec and payload types to accept. */
  boolean isConfigured() {
    return codec != null;
  }

  /** Where the decoded audio goes (the AI), null for nowhere. */
  void sink(int sampleRate, AudioSink sink) {
    this.sink = sink == null ? null : new FrameTap(sampleRate, sink);
  }

  /** A second consumer of the same frames (a recording), null for none. */
  void recording(int sampleRate, AudioSink tap) {
    this.recording = tap == null ? null : new FrameTap(sampleRate, tap);
  }

  /** Examines one datagram; RTCP is left to the caller (verdict {@link Verdict#RTCP}). */
  Verdict onRtp(byte[] buf, int len, InetSocketAddress source, long nowNanos) {
    RtpValidation v = packet.parse(buf, 0, len);
    if (v == RtpValidation.RTCP) {
      return Verdict.RTCP;
    }
    if (!v.isValid()) {
      latch.onInvalid(source);
      return Verdict.MALFORMED;
    }
    int pt = packet.payloadType();
    boolean event = telephoneEvent != null && pt == telephoneEvent;
    if (codec == null || (pt != payloadType && !event)) {
      latch.onInvalid(source);
      return Verdict.WRONG_PAYLOAD_TYPE;
    }
    RtpSourceLatch.Decision d =
        latch.onPacket(source, packet.ssrc(), packet.sequenceNumber(), nowNanos);
    switch (d) {
      case REFUSED_SOURCE -> {
        return Verdict.UNLATCHED_SOURCE;
      }
      case REFUSED_SSRC -> {
        return Verdict.FOREIGN_SSRC;
      }
      default -> {
        // the caller's: used below
      }
    }
    if (stats == null || packet.ssrc() != streamSsrc) {
      // A new stream (first packet, or the caller restarted with a new SSRC).
      streamSsrc = packet.ssrc();
      stats = new RtpReceptionStats(streamSsrc, clockRate);
      jitter.reset();
      codec.reset();
    }
    stats.onPacket(packet.sequenceNumber(), packet.timestamp(), nowNanos);
    packets++;
    lastPacketNanos = nowNanos;
    if (event) {
      dtmf.onPacket(
          packet.timestamp(),
          packet.payloadBuffer(),
          packet.payloadOffset(),
          packet.payloadLength());
      jitter.offerNonAudio(packet, nowNanos);
    } else {
      jitter.offer(packet, nowNanos);
    }
    return switch (d) {
      case LATCHED -> Verdict.LATCHED;
      case RELATCHED -> Verdict.RELATCHED;
      default -> Verdict.ACCEPTED;
    };
  }

  /** One frame time: plays the next frame out of the jitter buffer to the sink. */
  void playout() {
    if (jitter == null) {
      return;
    }
    int n;
    switch (jitter.poll(frame)) {
      case PACKET -> {
        n = decode();
        if (isVoiced(n)) {
          voicedFrames++;
        }
      }
      case CONCEAL ->
          n =
              jitter.peek(next)
                  ? codec.recover(next.payload(), 0, next.length(), decoded, 0, samplesPerFrame)
                  : codec.conceal(decoded, 0, samplesPerFrame);
      default -> {
        java.util.Arrays.fill(decoded, 0, samplesPerFrame, (short) 0);
        n = samplesPerFrame;
      }
    }
    if (sink != null || recording != null) {
      deliver(n);
    }
  }

  private boolean isVoiced(int n) {
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += decoded[i] * decoded[i];
    }
    return n > 0 && (double) sum / n >= VOICED_MEAN_SQUARE;
  }

  private int decode() {
    try {
      return codec.decode(frame.payload(), 0, frame.length(), decoded, 0);
    } catch (CodecException e) {
      return codec.conceal(decoded, 0, samplesPerFrame);
    }
  }

  private void deliver(int n) {
    if (codec.channels() == 2) {
      for (int i = 0; i < n / 2; i++) {
        decoded[i] = (short) ((decoded[2 * i] + decoded[2 * i + 1]) >> 1);
      }
      n /= 2;
    }
    if (sink != null) {
      sink.deliver(decoded, n, codec.sampleRate());
    }
    if (recording != null) {
      recording.deliver(decoded, n, codec.sampleRate());
    }
  }

  /** Ends a DTMF event whose end packets never came (media stopped). */
  void flushDtmf() {
    if (dtmf != null) {
      dtmf.flush();
    }
  }

  long packets() {
    return packets;
  }

  /** Frames decoded from the caller's packets whose level was above -45 dBov (speech, tones). */
  long voicedFrames() {
    return voicedFrames;
  }

  long lastPacketNanos() {
    return lastPacketNanos;
  }

  /** Reception statistics of the current stream, null before the first packet. */
  RtpReceptionStats stats() {
    return stats;
  }

  int clockRate() {
    return clockRate;
  }
}
