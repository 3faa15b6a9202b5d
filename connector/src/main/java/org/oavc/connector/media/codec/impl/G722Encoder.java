package org.oavc.connector.media.codec.impl;

/** G.722 64 kbit/s encoder state: transmit QMF plus lower (6-bit) and higher (2-bit) ADPCM. */
final class G722Encoder extends G722State {

  /** Encodes pairs of 16 kHz samples; an odd trailing sample is ignored. Returns bytes written. */
  int encode(short[] pcm, int off, int len, byte[] out, int outOff) {
    int pairs = len / 2;
    for (int k = 0; k < pairs; k++) {
      qmf.analyse(pcm[off + 2 * k], pcm[off + 2 * k + 1]);
      int lowCode = encodeLow(qmf.low());
      int highCode = encodeHigh(qmf.high());
      out[outOff + k] = (byte) ((highCode << 6) | lowCode);
    }
    return pairs;
  }

  private int encodeLow(int sample) {
    int e = G722Band.saturate(sample - low.estimate);
    int magnitude = e >= 0 ? e : -(e + 1);
    int interval = lowInterval(magnitude, low.step);
    int code =
        e < 0 ? G722Tables.LOW_CODE_NEGATIVE[interval] : G722Tables.LOW_CODE_POSITIVE[interval];
    int code4 = code >> 2;
    int d = low.dequantize(G722Tables.LOW_INVERSE_4[code4]);
    low.adaptLowStep(code4);
    low.update(d);
    return code;
  }

  /** QUANTL's decision levels 1..29 at their own index; past the table, levels nothing reaches. */
  private static final long[] LEVELS = new long[32];

  static {
    for (int i = 1; i < 32; i++) {
      LEVELS[i] = i < 30 ? G722Tables.LOW_DECISION[i] : 1L << 40;
    }
  }

  /**
   * QUANTL's decision interval: 1 + the number of levels 1..29 whose scaled value {@code
   * (LOW_DECISION[i] * step) >> 12} the magnitude reaches. The scaled levels rise with i (step is
   * positive), so a binary search finds the same interval as the reference's linear scan; it is
   * written without branches (they would follow the signal and mispredict).
   */
  static int lowInterval(int magnitude, int step) {
    int last = 0; // the highest level known to be reached (0: none yet)
    for (int span = 16; span > 0; span >>= 1) {
      long threshold = (LEVELS[last + span] * step) >> 12;
      last += (int) ((threshold - magnitude - 1) >> 63) & span; // reached: magnitude >= threshold
    }
    return last + 1;
  }

  private int encodeHigh(int sample) {
    int e = G722Band.saturate(sample - high.estimate);
    int magnitude = e >= 0 ? e : -(e + 1);
    int interval = magnitude >= ((G722Tables.HIGH_DECISION * high.step) >> 12) ? 2 : 1;
    int code =
        e < 0 ? G722Tables.HIGH_CODE_NEGATIVE[interval] : G722Tables.HIGH_CODE_POSITIVE[interval];
    int d = high.dequantize(G722Tables.HIGH_INVERSE[code]);
    high.adaptHighStep(code);
    high.update(d);
    return code;
  }
}
