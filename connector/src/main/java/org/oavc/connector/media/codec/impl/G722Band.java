package org.oavc.connector.media.codec.impl;

/**
 * ADPCM state of one G.722 sub-band (lower or higher) in one direction: the step-size adaptation
 * and the pole-zero predictor (blocks LOGSC*, SCALE*, RECONS, PARREC, UPPOL1/2, UPZERO, DELAYA,
 * FILTEP, FILTEZ, PREDIC).
 */
final class G722Band {
  private final boolean lower;

  /** Signal estimate (s), its pole part (sp) and zero part (sz). */
  int estimate;

  private int poleEstimate;
  private int zeroEstimate;

  /** Log step size (nb) and step size (det). */
  private int logStep;

  int step;
  // The predictor's delay line as fields (no array bounds or shifts): reconstructed signal r1, r2,
  // partial reconstructed p1, p2, pole coefficients a1, a2, quantised differences d1..d6 and zero
  // coefficients b1..b6 (index = delay in samples).
  private int r1;
  private int r2;
  private int p1;
  private int p2;
  private int a1;
  private int a2;
  private int d1;
  private int d2;
  private int d3;
  private int d4;
  private int d5;
  private int d6;
  private int b1;
  private int b2;
  private int b3;
  private int b4;
  private int b5;
  private int b6;

  G722Band(boolean lower) {
    this.lower = lower;
    reset();
  }

  void reset() {
    estimate = 0;
    poleEstimate = 0;
    zeroEstimate = 0;
    logStep = 0;
    step = lower ? 32 : 8;
    r1 = r2 = p1 = p2 = a1 = a2 = 0;
    d1 = d2 = d3 = d4 = d5 = d6 = 0;
    b1 = b2 = b3 = b4 = b5 = b6 = 0;
  }

  static int saturate(int v) {
    return v > 32767 ? 32767 : Math.max(v, -32768);
  }

  /** Quantized difference signal for an inverse-quantizer table entry. */
  int dequantize(int tableValue) {
    return (step * tableValue) >> 15;
  }

  /** LOGSCL + SCALEL: adapts the lower-band step size from a 4-bit code. */
  void adaptLowStep(int code4) {
    int nb = ((logStep * 127) >> 7) + G722Tables.LOW_LOG_STEP[G722Tables.LOW_MAGNITUDE[code4]];
    logStep = Math.max(0, Math.min(nb, 18432));
    step = antilog(logStep, 8);
  }

  /** LOGSCH + SCALEH: adapts the higher-band step size from a 2-bit code. */
  void adaptHighStep(int code2) {
    int nb = ((logStep * 127) >> 7) + G722Tables.HIGH_LOG_STEP[G722Tables.HIGH_MAGNITUDE[code2]];
    logStep = Math.max(0, Math.min(nb, 22528));
    step = antilog(logStep, 10);
  }

  private static int antilog(int nb, int bias) {
    int mantissa = G722Tables.ANTILOG[(nb >> 6) & 31];
    int shift = bias - (nb >> 11);
    int value = shift < 0 ? mantissa << -shift : mantissa >> shift;
    return value << 2;
  }

  /**
   * {@code sign == other ? value : -value} without a branch, for signs that are 0 or -1 (the {@code
   * >> 15} of a 16-bit value): these comparisons follow the signal and mispredict often.
   */
  private static int signed(int value, int sign, int other) {
    int flip = sign ^ other;
    return (value ^ flip) - flip;
  }

  /** UPZERO for one coefficient: sign-sign step toward the correlation, with leakage. */
  private static int zeroCoef(int b, int gain, int signD, int delayed) {
    return saturate(signed(gain, delayed >> 15, signD) + ((b * 32640) >> 15));
  }

  /** Updates the predictor with quantized difference {@code d} and computes the next estimate. */
  void update(int d) {
    int r0 = saturate(estimate + d);
    int p0 = saturate(zeroEstimate + d);

    // UPPOL2: second pole coefficient, sign-sign algorithm with leakage.
    int sign0 = p0 >> 15;
    int sign1 = p1 >> 15;
    int sign2 = p2 >> 15;
    int wd1 = saturate(a1 << 2);
    int wd2 = Math.min(signed(-wd1, sign0, sign1), 32767);
    int newA2 = signed(128, sign0, sign2) + (wd2 >> 7) + ((a2 * 32512) >> 15);
    newA2 = Math.max(-12288, Math.min(newA2, 12288));

    // UPPOL1: first pole coefficient, bounded so the predictor stays stable.
    int newA1 = saturate(signed(192, sign0, sign1) + ((a1 * 32640) >> 15));
    int limit = saturate(15360 - newA2);
    newA1 = Math.max(-limit, Math.min(newA1, limit));

    // UPZERO: six zero coefficients.
    int gain = d == 0 ? 0 : 128;
    int signD = d >> 15;
    b6 = zeroCoef(b6, gain, signD, d6);
    b5 = zeroCoef(b5, gain, signD, d5);
    b4 = zeroCoef(b4, gain, signD, d4);
    b3 = zeroCoef(b3, gain, signD, d3);
    b2 = zeroCoef(b2, gain, signD, d2);
    b1 = zeroCoef(b1, gain, signD, d1);

    // DELAYA
    d6 = d5;
    d5 = d4;
    d4 = d3;
    d3 = d2;
    d2 = d1;
    d1 = d;
    r2 = r1;
    r1 = r0;
    p2 = p1;
    p1 = p0;
    a1 = newA1;
    a2 = newA2;

    // FILTEP, FILTEZ, PREDIC
    int pole1 = (a1 * saturate(r1 + r1)) >> 15;
    int pole2 = (a2 * saturate(r2 + r2)) >> 15;
    poleEstimate = saturate(pole1 + pole2);
    // The reference saturates each 2 * d; it never has to: the step size is at most 16384 in
    // either band (LOGSC limits, ANTILOG), so |d| <= 16384 * 20456 >> 15 = 10228 (lower band) or
    // 3704 (higher band), and 2 * d stays within 16 bits. G722GoldenTest holds the output to it.
    int z =
        ((b6 * (d6 << 1)) >> 15)
            + ((b5 * (d5 << 1)) >> 15)
            + ((b4 * (d4 << 1)) >> 15)
            + ((b3 * (d3 << 1)) >> 15)
            + ((b2 * (d2 << 1)) >> 15)
            + ((b1 * (d1 << 1)) >> 15);
    zeroEstimate = saturate(z);
    estimate = saturate(poleEstimate + zeroEstimate);
  }
}
