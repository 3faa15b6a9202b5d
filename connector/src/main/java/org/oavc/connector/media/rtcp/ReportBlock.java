package org.oavc.connector.media.rtcp;

/**
 * A reception report block (RFC 3550 section 6.4.1). 32-bit fields are unsigned values held in ints
 * (use {@link Integer#toUnsignedLong}).
 *
 * @param ssrc the source reported on
 * @param fractionLost loss since the previous report, in 1/256 (0..255)
 * @param cumulativeLost packets lost since the start, signed 24-bit (duplicates can make it
 *     negative)
 * @param extendedHighestSequence cycles * 65536 + highest sequence number received
 * @param jitter interarrival jitter in timestamp units
 * @param lastSr middle 32 bits of the NTP timestamp of the last SR received (LSR), 0 if none
 * @param delaySinceLastSr delay since that SR in 1/65536 s (DLSR)
 */
public record ReportBlock(
    int ssrc,
    int fractionLost,
    int cumulativeLost,
    int extendedHighestSequence,
    int jitter,
    int lastSr,
    int delaySinceLastSr) {
  public static final int SIZE = 24;

  public ReportBlock {
    if (fractionLost < 0 || fractionLost > 255) {
      throw new IllegalArgumentException("fraction lost must be 0..255");
    }
    if (cumulativeLost < -0x800000 || cumulativeLost > 0x7FFFFF) {
      throw new IllegalArgumentException("cumulative lost must fit 24 signed bits");
    }
  }

  /** Round-trip time for this block arriving at {@code arrivalNtp} (RFC 3550 section 6.4.1). */
  public double roundTripMillis(long arrivalNtp) {
    return NtpTime.roundTripMillis(NtpTime.middle32(arrivalNtp), lastSr, delaySinceLastSr);
  }
}
