package org.oavc.connector.media.codec.impl;

/** G.722 64 kbit/s decoder state: lower/higher ADPCM plus the receive QMF. */
final class G722Decoder extends G722State {

  /** Decodes {@code len} code bytes into {@code 2 * len} samples at 16 kHz. */
  int decode(byte[] codes, int off, int len, short[] out, int outOff) {
    for (int k = 0; k < len; k++) {
      int code = codes[off + k] & 0xFF;
      int lowSample = decodeLow(code & 0x3F);
      int highSample = decodeHigh((code >> 6) & 0x03);
      qmf.synthesise(lowSample, highSample, out, outOff + 2 * k);
    }
    return 2 * len;
  }

  private int decodeLow(int code6) {
    int output = low.estimate + low.dequantize(G722Tables.LOW_INVERSE_6[code6]);
    output = Math.max(-16384, Math.min(output, 16383));
    int code4 = code6 >> 2;
    int d = low.dequantize(G722Tables.LOW_INVERSE_4[code4]);
    low.adaptLowStep(code4);
    low.update(d);
    return output;
  }

  private int decodeHigh(int code2) {
    int d = high.dequantize(G722Tables.HIGH_INVERSE[code2]);
    int output = Math.max(-16384, Math.min(high.estimate + d, 16383));
    high.adaptHighStep(code2);
    high.update(d);
    return output;
  }
}
