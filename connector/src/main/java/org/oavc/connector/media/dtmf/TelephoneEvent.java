package org.oavc.connector.media.dtmf;

/**
 * One RFC 4733 telephone-event payload (section 2.3): event code, end bit, volume (0..63, in -dBm0)
 * and duration in RTP timestamp units.
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {
  public static final int SIZE = 4;
  private static final String DIGITS = "0123456789*#ABCD";

  public TelephoneEvent {
    if (event < 0 || event > 255) {
      throw new IllegalArgumentException("event must be 0..255");
    }
    if (volume < 0 || volume > 63) {
      throw new IllegalArgumentException("volume must be 0..63");
    }
    if (duration < 0 || duration > 0xFFFF) {
      throw new IllegalArgumentException("duration must be 0..65535");
    }
  }

  /**
   * Parses the first event of a payload; the reserved bit is ignored as RFC 4733 asks.
   *
   * @throws MalformedDtmfException when fewer than 4 bytes are given
   */
  public static TelephoneEvent parse(byte[] buf, int off, int len) {
    if (len < SIZE) {
      throw new MalformedDtmfException("telephone-event payload of " + len + " bytes, needs 4");
    }
    int flags = buf[off + 1] & 0xFF;
    int duration = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    return new TelephoneEvent(buf[off] & 0xFF, (flags & 0x80) != 0, flags & 0x3F, duration);
  }

  /** Writes the 4-byte payload (reserved bit zero). */
  public int write(byte[] out, int off) {
    out[off] = (byte) event;
    out[off + 1] = (byte) ((end ? 0x80 : 0) | volume);
    out[off + 2] = (byte) (duration >> 8);
    out[off + 3] = (byte) duration;
    return SIZE;
  }

  /** The DTMF character for event codes 0-15 ({@code 0-9 * # A-D}), or 0 for other events. */
  public static char digitOf(int event) {
    return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : 0;
  }

  /** The event code of a DTMF character (case-insensitive), or -1 when it is not one. */
  public static int eventOf(char digit) {
    return DIGITS.indexOf(Character.toUpperCase(digit));
  }
}
