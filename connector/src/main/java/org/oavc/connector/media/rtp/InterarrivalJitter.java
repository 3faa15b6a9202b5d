package org.oavc.connector.media.rtp;

/**
 * RFC 3550 appendix A.8 interarrival jitter estimate of one stream, in RTP timestamp units. The
 * transit times are kept in wrapping int arithmetic, so timestamp wrap-around is harmless.
 */
public final class InterarrivalJitter {
  private final int clockRate;
  private boolean haveTransit;
  private int lastTransit;
  private double jitter;

  public InterarrivalJitter(int clockRate) {
    if (clockRate <= 0) {
      throw new IllegalArgumentException("clock rate must be positive");
    }
    this.clockRate = clockRate;
  }

  /** Accounts one packet's RTP timestamp and arrival time (monotonic nanoseconds). */
  public void update(int rtpTimestamp, long arrivalNanos) {
    // Microseconds first so the multiplication cannot overflow for any realistic uptime.
    int arrival = (int) ((arrivalNanos / 1000) * clockRate / 1_000_000);
    int transit = arrival - rtpTimestamp;
    if (haveTransit) {
      int d = Math.abs(transit - lastTransit);
      jitter += (d - jitter) / 16.0;
    }
    lastTransit = transit;
    haveTransit = true;
  }

  /** Current estimate in timestamp units. */
  public double timestampUnits() {
    return jitter;
  }

  public double millis() {
    return jitter * 1000 / clockRate;
  }

  public void reset() {
    haveTransit = false;
    jitter = 0;
  }
}
