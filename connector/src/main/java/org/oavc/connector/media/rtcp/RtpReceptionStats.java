package org.oavc.connector.media.rtcp;

import org.oavc.connector.media.rtp.InterarrivalJitter;

/**
 * Reception statistics of one incoming RTP source, feeding its RTCP report block: sequence tracking
 * with cycle counting (RFC 3550 appendix A.1, without probation since the session has already
 * latched the source), loss accounting (A.3), jitter (A.8) and LSR/DLSR from the source's last SR.
 * Not thread-safe; {@link #onPacket} does not allocate.
 */
public final class RtpReceptionStats {
  private static final int MAX_DROPOUT = 3000;
  private static final int MAX_MISORDER = 100;
  private static final int SEQ_MOD = 1 << 16;

  private final int ssrc;
  private final InterarrivalJitter jitter;
  private boolean started;
  private int maxSeq;
  private int cycles;
  private int baseSeq;
  private int badSeq = SEQ_MOD + 1;
  private long received;
  private long expectedPrior;
  private long receivedPrior;
  private int lastSr;
  private long lastSrArrivalNanos;

  public RtpReceptionStats(int ssrc, int clockRate) {
    this.ssrc = ssrc;
    this.jitter = new InterarrivalJitter(clockRate);
  }

  private void restart(int seq) {
    baseSeq = seq;
    maxSeq = seq;
    badSeq = SEQ_MOD + 1;
    cycles = 0;
    received = 0;
    receivedPrior = 0;
    expectedPrior = 0;
  }

  /**
   * Accounts one packet of this source.
   *
   * @return false when the packet was set aside as a wild sequence jump (a second, consecutive one
   *     restarts the statistics, as for a restarted sender)
   */
  public boolean onPacket(int sequenceNumber, int rtpTimestamp, long arrivalNanos) {
    int seq = sequenceNumber & 0xFFFF;
    if (!started) {
      started = true;
      restart(seq);
    } else {
      int delta = (seq - maxSeq) & 0xFFFF;
      if (delta < MAX_DROPOUT) {
        if (seq < maxSeq) {
          cycles += SEQ_MOD;
        }
        maxSeq = seq;
      } else if (delta <= SEQ_MOD - MAX_MISORDER) {
        if (seq != badSeq) {
          badSeq = (seq + 1) & 0xFFFF;
          return false;
        }
        restart(seq);
        jitter.reset();
      }
      // else: duplicate or reordered within MAX_MISORDER, counted below
    }
    received++;
    jitter.update(rtpTimestamp, arrivalNanos);
    return true;
  }

  /** Remembers an SR from this source, for LSR and DLSR in our next report about it. */
  public void onSenderReport(long ntpTimestamp, long arrivalNanos) {
    lastSr = NtpTime.middle32(ntpTimestamp);
    lastSrArrivalNanos = arrivalNanos;
  }

  public long received() {
    return received;
  }

  public int extendedHighestSequence() {
    return cycles + maxSeq;
  }

  /** Expected minus received since the start (negative with duplicates), RFC 3550 A.3. */
  public long cumulativeLost() {
    return started ? expected() - received : 0;
  }

  private long expected() {
    return (long) cycles + maxSeq - baseSeq + 1;
  }

  public double jitterTimestampUnits() {
    return jitter.timestampUnits();
  }

  /**
   * The report block for this source as of {@code nowNanos}; starts a new loss interval, so call it
   * once per report sent.
   */
  public ReportBlock reportBlock(long nowNanos) {
    long expected = started ? expected() : 0;
    long expectedInterval = expected - expectedPrior;
    long receivedInterval = received - receivedPrior;
    expectedPrior = expected;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction =
        expectedInterval == 0 || lostInterval <= 0
            ? 0
            : (int) ((lostInterval << 8) / expectedInterval);
    long lost = Math.max(-0x800000, Math.min(cumulativeLost(), 0x7FFFFF));
    int dlsr = lastSr == 0 ? 0 : NtpTime.toCompactDelay(nowNanos - lastSrArrivalNanos);
    return new ReportBlock(
        ssrc,
        Math.min(fraction, 255),
        (int) lost,
        extendedHighestSequence(),
        (int) jitter.timestampUnits(),
        lastSr,
        dlsr);
  }
}
