package org.oavc.connector.ai.guard.impl;

/**
 * Line noise level, per band and overall: follows any drop within a few frames and rises only
 * slowly (about 1.5 dB/s), so speech and echo, which come and go, do not lift it far while the
 * pauses between words pull it back. The band levels never go below a given minimum (a digital
 * line's exact silence is no yardstick for speech); the overall level, which sets the comfort
 * noise, follows the line down to silence.
 */
final class NoiseFloor {
  private static final double FALL = 0.3;
  private static final double RISE_DB_PER_SECOND = 1.5;
  private static final double MIN_POWER = 1e-12;

  private final double[] band;
  private final double rise;
  private final double minBandPower;
  private double overall;
  private boolean started;

  NoiseFloor(int bands, int frameMillis, double minBandPower) {
    this.band = new double[bands];
    this.minBandPower = Math.max(MIN_POWER, minBandPower);
    this.rise = Math.pow(10, RISE_DB_PER_SECOND * frameMillis / 1000.0 / 10.0);
  }

  /** Takes one frame's band powers and mean square; returns the overall noise power. */
  double update(double[] bandPower, double meanSquare) {
    if (!started) {
      started = true;
      System.arraycopy(bandPower, 0, band, 0, band.length);
      overall = meanSquare;
    }
    for (int b = 0; b < band.length; b++) {
      band[b] = follow(band[b], bandPower[b], minBandPower);
    }
    overall = follow(overall, meanSquare, MIN_POWER);
    return overall;
  }

  private double follow(double floor, double value, double min) {
    double next = value < floor ? floor + FALL * (value - floor) : floor * rise;
    return Math.max(min, Math.min(next, Math.max(value, floor)));
  }

  double band(int b) {
    return band[b];
  }
}
