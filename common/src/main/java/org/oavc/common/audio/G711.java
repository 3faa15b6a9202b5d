package org.oavc.common.audio;

/**
 * ITU-T G.711 companding laws. Decoding uses 256-entry tables; encoding uses 64 Ki-entry tables
 * indexed by the 16-bit sample, so the per-sample hot path is one array load.
 */
public final class G711 {
  private static final short[] ULAW_TO_LINEAR = new short[256];
  private static final short[] ALAW_TO_LINEAR = new short[256];
  private static final byte[] LINEAR_TO_ULAW = new byte[65536];
  private static final byte[] LINEAR_TO_ALAW = new byte[65536];

  /** Bias added before the mu-law segment search (33 in 14-bit units, scaled to 16 bits). */
  private static final int ULAW_BIAS = 0x84;

  private static final int ULAW_CLIP = 32635;

  static {
    for (int code = 0; code < 256; code++) {
      ULAW_TO_LINEAR[code] = ulawExpand(code);
      ALAW_TO_LINEAR[code] = alawExpand(code);
    }
    for (int s = -32768; s < 32768; s++) {
      LINEAR_TO_ULAW[s & 0xFFFF] = ulawCompress(s);
      LINEAR_TO_ALAW[s & 0xFFFF] = alawCompress(s);
    }
  }

  private G711() {}

  public static short ulawToLinear(int code) {
    return ULAW_TO_LINEAR[code & 0xFF];
  }

  public static short alawToLinear(int code) {
    return ALAW_TO_LINEAR[code & 0xFF];
  }

  public static byte linearToUlaw(int sample) {
    return LINEAR_TO_ULAW[sample & 0xFFFF];
  }

  public static byte linearToAlaw(int sample) {
    return LINEAR_TO_ALAW[sample & 0xFFFF];
  }

  /** Mu-law: codes are stored inverted; magnitude = ((2m + 33) << e) - 33 in 14-bit units. */
  private static short ulawExpand(int code) {
    int inverted = ~code & 0xFF;
    int exponent = (inverted >> 4) & 0x07;
    int mantissa = inverted & 0x0F;
    int magnitude = ((((mantissa << 1) + 33) << exponent) - 33) << 2;
    return (short) ((inverted & 0x80) != 0 ? -magnitude : magnitude);
  }

  /** A-law: even bits inverted; sign bit set means positive; segment 0 is linear. */
  private static short alawExpand(int code) {
    int c = (code ^ 0x55) & 0xFF;
    int exponent = (c >> 4) & 0x07;
    int mantissa = c & 0x0F;
    int magnitude = exponent == 0 ? (mantissa << 1) + 1 : ((mantissa << 1) + 33) << (exponent - 1);
    magnitude <<= 3;
    return (short) ((c & 0x80) != 0 ? magnitude : -magnitude);
  }

  private static byte ulawCompress(int sample) {
    int sign = sample < 0 ? 0x80 : 0x00;
    int magnitude = Math.min(Math.abs(sample), ULAW_CLIP) + ULAW_BIAS;
    int exponent = 7;
    while (exponent > 0 && (magnitude & (0x4000 >> (7 - exponent))) == 0) {
      exponent--;
    }
    int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
    return (byte) ~(sign | (exponent << 4) | mantissa);
  }

  private static byte alawCompress(int sample) {
    int sign = sample >= 0 ? 0x80 : 0x00;
    // A-law works on 13-bit magnitudes; negative values are one's-complement folded.
    int magnitude = (sample >= 0 ? sample : -sample - 1) >> 3;
    if (magnitude > 0xFFF) {
      magnitude = 0xFFF;
    }
    int code;
    if (magnitude < 32) {
      code = magnitude >> 1;
    } else {
      int exponent = 1;
      while ((magnitude >> (exponent + 5)) != 0) {
        exponent++;
      }
      code = (exponent << 4) | ((magnitude >> exponent) & 0x0F);
    }
    return (byte) ((sign | code) ^ 0x55);
  }
}
