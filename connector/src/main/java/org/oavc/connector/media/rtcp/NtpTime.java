package org.oavc.connector.media.rtcp;

/** 64-bit NTP timestamps (seconds since 1900 in the high word, fraction in the low word). */
public final class NtpTime {
  /** Seconds from 1900-01-01 to 1970-01-01. */
  private static final long UNIX_EPOCH_OFFSET = 2_208_988_800L;

  private NtpTime() {}

  public static long fromUnixMillis(long millis) {
    long seconds = Math.floorDiv(millis, 1000L) + UNIX_EPOCH_OFFSET;
    long fraction = (Math.floorMod(millis, 1000L) << 32) / 1000;
    return (seconds << 32) | fraction;
  }

  public static long toUnixMillis(long ntp) {
    long seconds = (ntp >>> 32) - UNIX_EPOCH_OFFSET;
    long fraction = ntp & 0xFFFFFFFFL;
    return seconds * 1000 + ((fraction * 1000 + (1L << 31)) >>> 32);
  }

  /** The middle 32 bits, the compact form used by LSR and RTT (units of 1/65536 s). */
  public static int middle32(long ntp) {
    return (int) (ntp >>> 16);
  }

  /** Converts a delay in nanoseconds to 1/65536 s units (DLSR), saturating at 32 bits. */
  public static int toCompactDelay(long nanos) {
    long units = Math.max(0, nanos) / 1000 * 65536 / 1_000_000;
    return (int) Math.min(units, 0xFFFFFFFFL);
  }

  /**
   * RTT per RFC 3550 section 6.4.1: arrival - LSR - DLSR, all in compact NTP units.
   *
   * @return milliseconds, or NaN when no SR was echoed (LSR 0) or the result is negative
   */
  public static double roundTripMillis(int arrivalMiddle32, int lastSr, int delaySinceLastSr) {
    if (lastSr == 0) {
      return Double.NaN;
    }
    long rtt = Integer.toUnsignedLong(arrivalMiddle32 - lastSr - delaySinceLastSr);
    if (rtt > 0x7FFFFFFFL) {
      return Double.NaN; // negative: clocks or fields are bogus
    }
    return rtt * 1000.0 / 65536.0;
  }
}
