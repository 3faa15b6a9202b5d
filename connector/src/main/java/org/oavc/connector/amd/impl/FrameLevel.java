package org.oavc.connector.amd.impl;

/**
 * Voiced or silent, frame by frame. The classic rule is a fixed level; the adaptive one follows the
 * line's noise floor (it falls at once to a quieter frame and rises slowly, about 3 dB a second),
 * so steady background noise is silence and speech over it is not, and a short dip inside a word
 * (two frames) does not end it.
 */
final class FrameLevel {
  /** Frames quieter than this are silence whatever the floor (-50 dBFS). */
  private static final double ABSOLUTE_MIN_DB = -50;

  private static final double ABOVE_FLOOR_DB = 12;
  private static final double FLOOR_RISE_DB_PER_FRAME = 0.06;
  private static final int HANGOVER_FRAMES = 2;

  private final boolean adaptive;
  private final double fixedThresholdDb;
  private double floorDb = Double.NaN;
  private int hangover;
  private double lastDb;

  FrameLevel(boolean adaptive, double fixedThresholdDb) {
    this.adaptive = adaptive;
    this.fixedThresholdDb = fixedThresholdDb;
  }

  /** The frame's level in dB below full scale (-120 for digital silence). */
  static double dbfs(short[] pcm, int off, int len) {
    double sum = 0;
    for (int i = off; i < off + len; i++) {
      sum += (double) pcm[i] * pcm[i];
    }
    double rms = Math.sqrt(sum / Math.max(1, len));
    return rms < 1e-3 ? -120 : 20 * Math.log10(rms / 32768.0);
  }

  boolean voiced(short[] pcm, int off, int len) {
    double db = dbfs(pcm, off, len);
    lastDb = db;
    if (!adaptive) {
      return db >= fixedThresholdDb;
    }
    if (Double.isNaN(floorDb) || db < floorDb) {
      floorDb = db;
    } else {
      floorDb += FLOOR_RISE_DB_PER_FRAME;
    }
    boolean loud = db >= Math.max(ABSOLUTE_MIN_DB, floorDb + ABOVE_FLOOR_DB);
    if (loud) {
      hangover = HANGOVER_FRAMES;
      return true;
    }
    if (hangover > 0) {
      hangover--;
      return true;
    }
    return false;
  }

  double lastDb() {
    return lastDb;
  }
}
