package org.oavc.connector.ai.guard.impl;

/**
 * Power of one audio window in a fixed set of speech bands (roughly critical-band wide, 100 Hz to 8
 * kHz or Nyquist), through a Hann window and an in-place radix-2 FFT. The band layout depends only
 * on the sample rate, so the echo guard and the speech detector at any of 8, 16, 24 or 48 kHz
 * compare like with like. Reuses its buffers: no allocation per window.
 */
final class BandSpectrum {
  /** Band edges in Hz; the bands used stop at Nyquist. */
  private static final int[] EDGES_HZ = {
    100, 200, 300, 400, 510, 630, 770, 920, 1080, 1270, 1480, 1720, 2000, 2320, 2700, 3150, 3700,
    4400, 5300, 6400, 7700
  };

  private final int windowSamples;
  private final int fftSize;
  private final double binHz;
  private final float[] window;
  private final double[] re;
  private final double[] im;
  private final double[] cos;
  private final double[] sin;
  private final int[] bitReversed;
  private final int[] bandFirstBin;
  private final int[] bandEndBin;
  private final double[] power;

  BandSpectrum(int sampleRate, int windowSamples) {
    if (windowSamples < 16) {
      throw new IllegalArgumentException("window too short: " + windowSamples);
    }
    this.windowSamples = windowSamples;
    int n = Integer.highestOneBit(windowSamples);
    this.fftSize = n < windowSamples ? n << 1 : n;
    this.binHz = (double) sampleRate / fftSize;
    this.window = new float[windowSamples];
    for (int i = 0; i < windowSamples; i++) {
      window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / windowSamples));
    }
    this.re = new double[fftSize];
    this.im = new double[fftSize];
    this.cos = new double[fftSize / 2];
    this.sin = new double[fftSize / 2];
    for (int i = 0; i < fftSize / 2; i++) {
      cos[i] = Math.cos(2 * Math.PI * i / fftSize);
      sin[i] = -Math.sin(2 * Math.PI * i / fftSize);
    }
    this.bitReversed = new int[fftSize];
    int bits = Integer.numberOfTrailingZeros(fftSize);
    for (int i = 0; i < fftSize; i++) {
      bitReversed[i] = Integer.reverse(i) >>> (32 - bits);
    }
    int nyquist = sampleRate / 2;
    int bands = 0;
    while (bands + 1 < EDGES_HZ.length && EDGES_HZ[bands + 1] <= nyquist) {
      bands++;
    }
    this.bandFirstBin = new int[bands];
    this.bandEndBin = new int[bands];
    for (int b = 0; b < bands; b++) {
      bandFirstBin[b] = (int) Math.round(EDGES_HZ[b] / binHz);
      bandEndBin[b] = Math.max(bandFirstBin[b] + 1, (int) Math.round(EDGES_HZ[b + 1] / binHz));
    }
    this.power = new double[fftSize / 2 + 1];
  }

  int bands() {
    return bandFirstBin.length;
  }

  int windowSamples() {
    return windowSamples;
  }

  /**
   * The expected power per bin, as {@link #analyse} reports it, of white noise of this mean square.
   */
  double whiteNoiseBinPower(double meanSquare) {
    double windowEnergy = 0;
    for (float w : window) {
      windowEnergy += (double) w * w;
    }
    return 4.0 * windowEnergy * meanSquare / ((double) windowSamples * windowSamples);
  }

  /** First FFT bin at or above {@code hz}. */
  int binOf(double hz) {
    return Math.min(fftSize / 2, (int) Math.ceil(hz / binHz));
  }

  /**
   * Analyses {@code windowSamples} samples of {@code frame} from {@code offset}; see {@link
   * #finish}.
   */
  void analyse(short[] frame, int offset, double[] bandsOut) {
    for (int i = 0; i < windowSamples; i++) {
      re[i] = frame[offset + i] * (window[i] / 32768.0);
    }
    finish(bandsOut);
  }

  /** As {@link #analyse}, reading a ring whose length is a power of two, wrapping at its end. */
  void analyseRing(short[] ring, int start, double[] bandsOut) {
    int mask = ring.length - 1;
    for (int i = 0; i < windowSamples; i++) {
      re[i] = ring[(start + i) & mask] * (window[i] / 32768.0);
    }
    finish(bandsOut);
  }

  /**
   * Transforms the windowed samples; keeps the per-bin power (full scale 1.0) for {@link #binPower}
   * and writes the mean power per bin of each band to {@code bandsOut}.
   */
  private void finish(double[] bandsOut) {
    java.util.Arrays.fill(re, windowSamples, fftSize, 0.0);
    java.util.Arrays.fill(im, 0.0);
    transform();
    double scale = 4.0 / ((double) windowSamples * windowSamples);
    for (int k = 0; k <= fftSize / 2; k++) {
      power[k] = (re[k] * re[k] + im[k] * im[k]) * scale;
    }
    for (int b = 0; b < bandFirstBin.length; b++) {
      double sum = 0;
      for (int k = bandFirstBin[b]; k < bandEndBin[b]; k++) {
        sum += power[k];
      }
      bandsOut[b] = sum / (bandEndBin[b] - bandFirstBin[b]);
    }
  }

  /** Power of bin {@code k} of the last analysis. */
  double binPower(int k) {
    return power[k];
  }

  private void transform() {
    int n = fftSize;
    for (int i = 0; i < n; i++) {
      int j = bitReversed[i];
      if (j > i) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
      }
    }
    for (int size = 2; size <= n; size <<= 1) {
      int half = size >> 1;
      int step = n / size;
      for (int start = 0; start < n; start += size) {
        for (int k = 0; k < half; k++) {
          double wr = cos[k * step];
          double wi = sin[k * step];
          int a = start + k;
          int b = a + half;
          double tr = re[b] * wr - im[b] * wi;
          double ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }
}
