package org.oavc.connector.media.codec.impl;

/**
 * ADPCM state of one G.722 sub-band (lower or higher) in one direction: the step-size
 * adaptation and the pole-zero predictor (blocks LOGSC*, SCALE*, RECONS, PARREC, UPPOL1/2,
 * UPZERO, DELAYA, FILTEP, FILTEZ, PREDIC).
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
  private final int[] reconstructed = new int[3];
  private final int[] poleCoef = new int[3];
  private final int[] partial = new int[3];
  private final int[] diff = new int[7];
  private final int[] zeroCoef = new int[7];

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
    java.util.Arrays.fill(reconstructed, 0);
    java.util.Arrays.fill(poleCoef, 0);
    java.util.Arrays.fill(partial, 0);
    java.util.Arrays.fill(diff, 0);
    java.util.Arrays.fill(zeroCoef, 0);
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

  /** Updates the predictor with quantized difference {@code d} and computes the next estimate. */
  void update(int d) {
    diff[0] = d;
    reconstructed[0] = saturate(estimate + d);
    partial[0] = saturate(zeroEstimate + d);

    // UPPOL2: second pole coefficient, sign-sign algorithm with leakage.
    int sign0 = partial[0] >> 15;
    int sign1 = partial[1] >> 15;
    int sign2 = partial[2] >> 15;
    int wd1 = saturate(poleCoef[1] << 2);
    int wd2 = sign0 == sign1 ? -wd1 : wd1;
    wd2 = Math.min(wd2, 32767);
    int a2 = (sign0 == sign2 ? 128 : -128) + (wd2 >> 7) + ((poleCoef[2] * 32512) >> 15);
    a2 = Math.max(-12288, Math.min(a2, 12288));

    // UPPOL1: first pole coefficient, bounded so the predictor stays stable.
    int a1 = saturate((sign0 == sign1 ? 192 : -192) + ((poleCoef[1] * 32640) >> 15));
    int limit = saturate(15360 - a2);
    a1 = Math.max(-limit, Math.min(a1, limit));

    // UPZERO: six zero coefficients.
    int gain = d == 0 ? 0 : 128;
    int signD = d >> 15;
    for (int i = 6; i >= 1; i--) {
      int step = (diff[i] >> 15) == signD ? gain : -gain;
      zeroCoef[i] = saturate(step + ((zeroCoef[i] * 32640) >> 15));
    }

    // DELAYA
    for (int i = 6; i >= 1; i--) {
      diff[i] = diff[i - 1];
    }
    reconstructed[2] = reconstructed[1];
    reconstructed[1] = reconstructed[0];
    partial[2] = partial[1];
    partial[1] = partial[0];
    poleCoef[1] = a1;
    poleCoef[2] = a2;

    // FILTEP, FILTEZ, PREDIC
    int p1 = (poleCoef[1] * saturate(reconstructed[1] + reconstructed[1])) >> 15;
    int p2 = (poleCoef[2] * saturate(reconstructed[2] + reconstructed[2])) >> 15;
    poleEstimate = saturate(p1 + p2);
    int z = 0;
    for (int i = 6; i >= 1; i--) {
      z += (zeroCoef[i] * saturate(diff[i] + diff[i])) >> 15;
    }
    zeroEstimate = saturate(z);
    estimate = saturate(poleEstimate + zeroEstimate);
  }
}
