package org.oavc.connector.amd.impl;

/**
 * A voicemail beep: one steady tone between 400 and 2000 Hz. Each frame is searched for its
 * strongest frequency on a 10 Hz grid (Goertzel, Hann window); the frame is tonal when that
 * frequency holds most of its energy, and a beep is {@link #MIN_FRAMES} tonal frames in a row at
 * the same pitch. Speech, even a sung vowel, spreads its energy over harmonics and formants and
 * rarely gives two such frames in a row.
 */
final class BeepDetector {
  static final int MIN_HZ = 400;
  static final int MAX_HZ = 2000;
  private static final int STEP_HZ = 10;

  /** 160 ms of one tone (beeps last 200 ms to 1 s). */
  static final int MIN_FRAMES = 8;

  /** Share of the frame's energy at the peak for a pure tone this is about 1. */
  private static final double MIN_CONCENTRATION = 0.7;

  private static final int MAX_DRIFT_HZ = 30;
  private static final double MIN_DB = -45;

  private final double[] cosines;
  private double[] window = new double[0];
  private int run;
  private int runHz;

  BeepDetector(int sampleRate) {
    int bins = (MAX_HZ - MIN_HZ) / STEP_HZ + 1;
    cosines = new double[bins];
    for (int b = 0; b < bins; b++) {
      cosines[b] = 2 * Math.cos(2 * Math.PI * (MIN_HZ + b * STEP_HZ) / sampleRate);
    }
  }

  /** True on the frame that completes a beep (once per beep). */
  boolean onFrame(short[] pcm, int off, int len, double frameDb) {
    if (frameDb < MIN_DB) {
      run = 0;
      return false;
    }
    if (window.length != len) {
      window = new double[len];
      for (int i = 0; i < len; i++) {
        window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (len - 1));
      }
    }
    double energy = 0;
    for (int i = 0; i < len; i++) {
      double x = pcm[off + i] * window[i];
      energy += x * x;
    }
    double best = 0;
    int bestBin = -1;
    for (int b = 0; b < cosines.length; b++) {
      double c = cosines[b];
      double s1 = 0;
      double s2 = 0;
      for (int i = 0; i < len; i++) {
        double s0 = pcm[off + i] * window[i] + c * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      double power = s1 * s1 + s2 * s2 - c * s1 * s2;
      if (power > best) {
        best = power;
        bestBin = b;
      }
    }
    // A pure tone's Goertzel power over the windowed energy is about len/3 (Hann).
    double concentration = energy <= 0 ? 0 : best / (energy * len / 3.0);
    int hz = MIN_HZ + bestBin * STEP_HZ;
    if (concentration < MIN_CONCENTRATION) {
      run = 0;
      return false;
    }
    if (run > 0 && Math.abs(hz - runHz) > MAX_DRIFT_HZ) {
      run = 0;
    }
    if (run == 0) {
      runHz = hz;
    }
    run++;
    return run == MIN_FRAMES;
  }

  /** True while the frames are still the tone of the current run. */
  boolean inTone() {
    return run > 0;
  }
}
