package org.oavc.connector.ai.guard.impl;

/**
 * Finds the echo delay: the lag at which the band-log-power pattern of what we sent best matches
 * what comes back. Each lag keeps a running (exponentially forgotten) normalised correlation of
 * mean-removed log band powers, so the estimate locks after well under a second of agent speech,
 * follows clock drift and is not thrown off by a few frames of double talk. Lags are counted in
 * reference windows (half a frame each), newest first.
 */
final class DelayEstimator {
  private static final double LOG_FLOOR = 1e-10;

  /** Forgetting factor per update: about 0.7 s of memory at 20 ms frames. */
  private static final double RATE = 0.03;

  private static final double MEAN_RATE = 0.1;
  private static final double LOCK = 0.35;
  private static final double UNLOCK = 0.2;
  private static final double SWITCH_MARGIN = 0.02;

  /** Updates (frames with reference audio) before a first lock: half a second. */
  private static final int MIN_UPDATES = 25;

  private final int lags;
  private final int bands;
  private final double[] nearMean;
  private final double[] farMean;
  private final double[] nearFeature;
  private final double[] cross;
  private final double[] farVar;
  private double nearVar;
  private int updates;
  private int delay = -1;

  DelayEstimator(int lags, int bands) {
    this.lags = lags;
    this.bands = bands;
    this.nearMean = new double[bands];
    this.farMean = new double[bands];
    this.nearFeature = new double[bands];
    this.cross = new double[lags];
    this.farVar = new double[lags];
  }

  static double logPower(double power) {
    return Math.log(power + LOG_FLOOR);
  }

  /**
   * One near-end frame ({@code nearLog}, log band powers) against the reference windows; {@code
   * farLog[lag]} is the log band power vector of the window {@code lag} steps back, or null where
   * nothing was sent yet.
   */
  void update(double[] nearLog, double[][] farLog) {
    double rate = updates < 10 ? 1.0 / (updates + 1) : RATE;
    double nearEnergy = 0;
    for (int b = 0; b < bands; b++) {
      nearMean[b] += (updates == 0 ? 1.0 : MEAN_RATE) * (nearLog[b] - nearMean[b]);
      nearFeature[b] = nearLog[b] - nearMean[b];
      nearEnergy += nearFeature[b] * nearFeature[b];
    }
    double[] newest = farLog[0];
    if (newest != null) {
      for (int b = 0; b < bands; b++) {
        farMean[b] += (updates == 0 ? 1.0 : MEAN_RATE) * (newest[b] - farMean[b]);
      }
    }
    nearVar += rate * (nearEnergy - nearVar);
    for (int l = 0; l < lags; l++) {
      double[] far = farLog[l];
      double dot = 0;
      double farEnergy = 0;
      if (far != null) {
        for (int b = 0; b < bands; b++) {
          double f = far[b] - farMean[b];
          dot += f * nearFeature[b];
          farEnergy += f * f;
        }
      }
      cross[l] += rate * (dot - cross[l]);
      farVar[l] += rate * (farEnergy - farVar[l]);
    }
    updates++;
    choose();
  }

  private void choose() {
    int best = 0;
    double bestScore = -1;
    for (int l = 0; l < lags; l++) {
      double s = score(l);
      if (s > bestScore) {
        bestScore = s;
        best = l;
      }
    }
    if (delay < 0) {
      delay = bestScore >= LOCK && updates >= MIN_UPDATES ? best : -1;
    } else if (bestScore < UNLOCK) {
      delay = -1;
    } else if (best != delay && bestScore > score(delay) + SWITCH_MARGIN) {
      delay = best;
    }
  }

  /** Normalised correlation at {@code lag}, -1..1. */
  double score(int lag) {
    double denominator = Math.sqrt(farVar[lag] * nearVar);
    return denominator <= 1e-12 ? 0 : cross[lag] / denominator;
  }

  /** The locked lag in reference windows, or -1 while no lag matches well enough. */
  int delay() {
    return delay;
  }
}
