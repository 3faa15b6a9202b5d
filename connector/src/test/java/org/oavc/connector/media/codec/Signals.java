package org.oavc.connector.media.codec;

/** Test signal helpers: tones and quality measures. */
final class Signals {
  private Signals() {}

  /** Sum of sines, {@code amplitude} each, at {@code rate}. */
  static short[] tones(int rate, int samples, double amplitude, double... frequencies) {
    short[] out = new short[samples];
    for (int n = 0; n < samples; n++) {
      double v = 0;
      for (double f : frequencies) {
        v += amplitude * Math.sin(2 * Math.PI * f * n / rate);
      }
      out[n] = (short) Math.round(v);
    }
    return out;
  }

  static double rms(short[] s, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) s[i] * s[i];
    }
    return Math.sqrt(sum / Math.max(1, to - from));
  }

  /**
   * Best SNR in dB of {@code actual} against {@code reference} delayed by 0..maxDelay samples,
   * measured over the middle of the signal (edges hold filter start-up).
   */
  static double bestSnrDb(short[] reference, short[] actual, int maxDelay) {
    double best = Double.NEGATIVE_INFINITY;
    int from = maxDelay + 200;
    int to = Math.min(reference.length, actual.length - maxDelay) - 200;
    for (int delay = 0; delay <= maxDelay; delay++) {
      double signal = 0;
      double noise = 0;
      for (int i = from; i < to; i++) {
        double r = reference[i];
        double e = actual[i + delay] - r;
        signal += r * r;
        noise += e * e;
      }
      best = Math.max(best, 10 * Math.log10(signal / Math.max(noise, 1e-9)));
    }
    return best;
  }
}
