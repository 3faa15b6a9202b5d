package org.oavc.aiservices.audio;

/**
 * G.711 µ-law and A-law to and from PCM16 LE, for Realtime clients that send and want
 * telephone audio as is (8 kHz, one byte per sample).
 */
public enum G711 {
  ULAW, ALAW;

  private static final int ULAW_BIAS = 0x84;
  private static final int ULAW_CLIP = 32635;
  private static final int[] ALAW_SEGMENT_ENDS = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

  public byte[] decode(byte[] coded) {
    byte[] pcm = new byte[coded.length * 2];
    for (int i = 0; i < coded.length; i++) {
      int s = this == ULAW ? ulawToLinear(coded[i] & 0xFF) : alawToLinear(coded[i] & 0xFF);
      pcm[2 * i] = (byte) s;
      pcm[2 * i + 1] = (byte) (s >> 8);
    }
    return pcm;
  }

  public byte[] encode(byte[] pcm) {
    byte[] coded = new byte[pcm.length / 2];
    for (int i = 0; i < coded.length; i++) {
      short s = (short) ((pcm[2 * i + 1] << 8) | (pcm[2 * i] & 0xFF));
      coded[i] = (byte) (this == ULAW ? linearToUlaw(s) : linearToAlaw(s));
    }
    return coded;
  }

  static int linearToUlaw(short sample) {
    int s = sample;
    int sign = 0;
    if (s < 0) {
      sign = 0x80;
      s = -s;
    }
    s = Math.min(s, ULAW_CLIP) + ULAW_BIAS;
    int exponent = 7;
    for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) {
      exponent--;
    }
    int mantissa = (s >> (exponent + 3)) & 0x0F;
    return ~(sign | (exponent << 4) | mantissa) & 0xFF;
  }

  static int ulawToLinear(int coded) {
    int u = ~coded & 0xFF;
    int magnitude = ((((u & 0x0F) << 3) + ULAW_BIAS) << ((u >> 4) & 0x07)) - ULAW_BIAS;
    return (u & 0x80) != 0 ? -magnitude : magnitude;
  }

  static int linearToAlaw(short sample) {
    int pcm = sample >> 3;
    int mask;
    if (pcm >= 0) {
      mask = 0xD5;
    } else {
      mask = 0x55;
      pcm = -pcm - 1;
    }
    int segment = 0;
    while (segment < 8 && pcm > ALAW_SEGMENT_ENDS[segment]) {
      segment++;
    }
    if (segment >= 8) {
      return 0x7F ^ mask;
    }
    int coded = segment << 4;
    coded |= segment < 2 ? (pcm >> 1) & 0x0F : (pcm >> segment) & 0x0F;
    return coded ^ mask;
  }

  static int alawToLinear(int coded) {
    int a = coded ^ 0x55;
    int t = (a & 0x0F) << 4;
    int segment = (a & 0x70) >> 4;
    if (segment == 0) {
      t += 8;
    } else {
      t = (t + 0x108) << (segment - 1);
    }
    return (a & 0x80) != 0 ? t : -t;
  }
}
