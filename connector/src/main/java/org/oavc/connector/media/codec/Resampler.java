package org.oavc.connector.media.codec;

/**
 * Streaming mono rational resampler (e.g. 8/16/24/48 kHz) with a Kaiser-windowed sinc low-pass in
 * polyphase form. The filter state carries across calls, so feeding a signal frame by frame gives
 * exactly the samples one call over the whole signal gives, without clicks at frame edges.
 *
 * <p>The low-pass passes up to 90% of the lower rate's Nyquist frequency and stops (about 70 dB)
 * from that Nyquist frequency on, so downsampling does not alias. One instance per stream and
 * direction; not thread-safe; {@link #process} does not allocate.
 */
public final class Resampler {
  private static final double STOPBAND_DB = 70;
  /** Transition band as a fraction of the lower rate (from 0.45 to 0.5 of it). */
  private static final double TRANSITION = 0.05;

  private final int inputRate;
  private final int outputRate;
  private final int up;
  private final int down;
  private final int tapsPerPhase;
  /** coefficients[phase][k] multiplies the input k samples before the current one. */
  private final float[][] coefficients;
  /** Input history, written twice (at i and i + taps) so a window is always contiguous. */
  private final float[] history;
  private int writePos;
  private int phase;

  public Resampler(int inputRate, int outputRate) {
    if (inputRate <= 0 || outputRate <= 0) {
      throw new IllegalArgumentException("rates must be positive");
    }
    int g = gcd(inputRate, outputRate);
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.up = outputRate / g;
    this.down = inputRate / g;
    if (up > 64 || down > 64) {
      throw new IllegalArgumentException(
          "rate ratio " + inputRate + ":" + outputRate + " too complex for a polyphase filter");
    }
    if (up == 1 && down == 1) {
      tapsPerPhase = 1;
      coefficients = new float[][] {{1f}};
    } else {
      coefficients = design();
      tapsPerPhase = coefficients[0].length;
    }
    history = new float[2 * tapsPerPhase];
  }

  private float[][] design() {
    double filterRate = (double) inputRate * up;
    double lowerRate = Math.min(inputRate, outputRate);
    double transition = TRANSITION * lowerRate / filterRate;
    // Kaiser's length estimate for the wanted stopband and transition width.
    int length = (int) Math.ceil((STOPBAND_DB - 7.95) / (14.36 * transition)) + 1;
    int perPhase = (length + up - 1) / up;
    length = perPhase * up;
    double cutoff = (0.5 - TRANSITION / 2) * lowerRate / filterRate;
    double beta = 0.1102 * (STOPBAND_DB - 8.7);
    double center = (length - 1) / 2.0;
    double[] h = new double[length];
    for (int n = 0; n < length; n++) {
      double x = n - center;
      double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
      double r = x / center;
      h[n] = sinc * besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / besselI0(beta);
    }
    float[][] phases = new float[up][perPhase];
    for (int p = 0; p < up; p++) {
      // Normalise each phase to unity DC gain so interpolation adds no ripple at DC.
      double sum = 0;
      for (int k = 0; k < perPhase; k++) {
        sum += h[p + k * up];
      }
      for (int k = 0; k < perPhase; k++) {
        phases[p][k] = (float) (h[p + k * up] / sum);
      }
    }
    return phases;
  }

  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    for (int k = 1; k < 50; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
      if (term < 1e-12 * sum) {
        break;
      }
    }
    return sum;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  public int inputRate() {
    return inputRate;
  }

  public int outputRate() {
    return outputRate;
  }

  /** Most samples {@link #process} can produce from {@code inputSamples} samples. */
  public int maxOutputSamples(int inputSamples) {
    return (int) (((long) inputSamples * up + down - 1) / down) + 1;
  }

  /** Filter delay in output samples (group delay of the linear-phase low-pass). */
  public double delayOutputSamples() {
    return ((double) tapsPerPhase * up - 1) / 2.0 / down;
  }

  /**
   * Resamples {@code len} samples; {@code out} needs {@link #maxOutputSamples(int)} free samples.
   *
   * @return samples written
   */
  public int process(short[] in, int off, int len, short[] out, int outOff) {
    int written = 0;
    int taps = tapsPerPhase;
    for (int i = 0; i < len; i++) {
      float sample = in[off + i];
      history[writePos] = sample;
      history[writePos + taps] = sample;
      // The newest sample sits at writePos + taps; older ones precede it.
      int newest = writePos + taps;
      while (phase < up) {
        float[] c = coefficients[phase];
        float acc = 0;
        for (int k = 0; k < taps; k++) {
          acc += c[k] * history[newest - k];
        }
        out[outOff + written++] = clamp(acc);
        phase += down;
      }
      phase -= up;
      writePos = writePos + 1 == taps ? 0 : writePos + 1;
    }
    return written;
  }

  private static short clamp(float v) {
    int r = Math.round(v);
    return (short) (r > 32767 ? 32767 : Math.max(r, -32768));
  }

  /** Clears the filter state, e.g. when the stream restarts. */
  public void reset() {
    java.util.Arrays.fill(history, 0);
    writePos = 0;
    phase = 0;
  }
}
