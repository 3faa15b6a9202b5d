package org.oavc.connector.ai.guard.impl;

/**
 * What we sent, as band powers of overlapping windows (one frame long, half a frame apart) over
 * the longest echo path. Samples arrive in any chunk size; a window is analysed as soon as its
 * last sample is in.
 */
final class ReferenceHistory {
  /** Below this mean band power (about -80 dBFS) a window counts as silence. */
  private static final double SILENT = 1e-8;

  private final BandSpectrum spectrum;
  private final int windowSamples;
  private final int hop;
  private final short[] ring;
  private final double[][] power;
  private final double[][] log;
  private final boolean[] active;
  private long samples;
  private long nextWindowEnd;
  private long windows;

  ReferenceHistory(int sampleRate, int frameSamples, int lags) {
    this.spectrum = new BandSpectrum(sampleRate, frameSamples);
    this.windowSamples = frameSamples;
    this.hop = Math.max(1, frameSamples / 2);
    this.ring = new short[Integer.highestOneBit(frameSamples * 4 - 1) << 1];
    int capacity = lags + 2;
    this.power = new double[capacity][spectrum.bands()];
    this.log = new double[capacity][spectrum.bands()];
    this.active = new boolean[capacity];
    this.nextWindowEnd = windowSamples;
  }

  int bands() {
    return spectrum.bands();
  }

  /** Samples per step between windows (one lag). */
  int hop() {
    return hop;
  }

  void append(short[] sent, int length) {
    int mask = ring.length - 1;
    for (int i = 0; i < length; i++) {
      ring[(int) (samples & mask)] = sent[i];
      samples++;
      if (samples == nextWindowEnd) {
        int slot = (int) (windows % power.length);
        spectrum.analyseRing(ring, (int) ((samples - windowSamples) & mask), power[slot]);
        double sum = 0;
        for (int b = 0; b < power[slot].length; b++) {
          sum += power[slot][b];
          log[slot][b] = DelayEstimator.logPower(power[slot][b]);
        }
        active[slot] = sum / power[slot].length > SILENT;
        windows++;
        nextWindowEnd += hop;
      }
    }
  }

  long samples() {
    return samples;
  }

  private int slot(int lag) {
    long k = windows - 1 - lag;
    return k < 0 || lag >= power.length ? -1 : (int) (k % power.length);
  }

  /** Band powers of the window {@code lag} steps before the newest, or null if none. */
  double[] power(int lag) {
    int s = slot(lag);
    return s < 0 ? null : power[s];
  }

  double[] log(int lag) {
    int s = slot(lag);
    return s < 0 ? null : log[s];
  }

  boolean active(int lag) {
    int s = slot(lag);
    return s >= 0 && active[s];
  }
}
