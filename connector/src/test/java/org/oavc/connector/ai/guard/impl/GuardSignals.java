package org.oavc.connector.ai.guard.impl;

import java.util.Random;

/** Small signal helpers for the guard tests. */
final class GuardSignals {
  private GuardSignals() {}

  static short clip(double v) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
  }

  /** Mean square of {@code n} samples from {@code from}, full scale 1.0. */
  static double meanSquare(short[] s, int from, int n) {
    double sum = 0;
    for (int i = from; i < from + n && i < s.length; i++) {
      sum += (double) s[i] * s[i];
    }
    return sum / n / (32768.0 * 32768.0);
  }

  static double db(double power) {
    return 10 * Math.log10(power + 1e-15);
  }

  /** White Gaussian noise at {@code dbfs} RMS. */
  static double[] noise(int length, double dbfs, long seed) {
    Random random = new Random(seed);
    double sigma = Math.pow(10, dbfs / 20) * 32768;
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      out[i] = random.nextGaussian() * sigma;
    }
    return out;
  }
}
