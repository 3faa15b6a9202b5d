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
    int interval = 1;
    while (interval < 30 && magnitude >= ((G722Tables.LOW_DECISION[interval] * low.step) >> 12)) {
      interval++;
    }
    int code = e < 0 ? G722Tables.LOW_CODE_NEGATIVE[interval] : G722Tables.LOW_CODE_POSITIVE[interval];
    int code4 = code >> 2;
    int d = low.dequantize(G722Tables.LOW_INVERSE_4[code4]);
    low.adaptLowStep(code4);
    low.update(d);
    return code;
  }

  private int encodeHigh(int sample) {
    int e = G722Band.saturate(sample - high.estimate);
    int magnitude = e >= 0 ? e : -(e + 1);
    int interval = magnitude >= ((G722Tables.HIGH_DECISION * high.step) >> 12) ? 2 : 1;
    int code = e < 0 ? G722Tables.HIGH_CODE_NEGATIVE[interval] : G722Tables.HIGH_CODE_POSITIVE[interval];
    int d = high.dequantize(G722Tables.HIGH_INVERSE[code]);
    high.adaptHighStep(code);
    high.update(d);
    return code;
  }
}
