package org.oavc.connector.ai.guard.impl;

/**
 * What we sent, as band powers of overlapping windows (one frame long, half a frame apart) over the
 * longest echo path. Samples arrive in any chunk size; a window is analysed as soon as its last
 * sample is in. Besides the plain powers it keeps a reverberant version, each band held up by a
 * decaying tail, because a speakerphone's echo rings on after the word that caused it.
 */
final class ReferenceHistory {
  /** Below this mean band power (about -80 dBFS) a window counts as silence. */
  private static final double SILENT = 1e-8;

  /** Tail decay of the reverberant reference: 1 dB per 10 ms, a 600 ms reverberation time. */
  private static final double TAIL_DB_PER_10_MS = 1.0;

  private final BandSpectrum spectrum;
  private final int windowSamples;
  private final int hop;
  private final short[] ring;
  private final double[][] power;
  private final double[][] reverberant;
  private final double[][] log;
  private final boolean[] active;
  private final double tailDecay;
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
    this.reverberant = new double[capacity][spectrum.bands()];
    this.log = new double[capacity][spectrum.bands()];
    double hopMillis = 1000.0 * hop / sampleRate;
    this.tailDecay = Math.pow(10, -TAIL_DB_PER_10_MS * hopMillis / 10.0 / 10.0);
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
        double[] previous = reverberant[(int) ((windows + power.length - 1) % power.length)];
        double sum = 0;
        for (int b = 0; b < power[slot].length; b++) {
          reverberant[slot][b] = Math.max(power[slot][b], tailDecay * previous[b]);
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

  /**
   * Band powers of the window {@code lag} steps before the newest, with the decaying tail of
   * earlier windows; null if none.
   */
  double[] reverberant(int lag) {
    int s = slot(lag);
    return s < 0 ? null : reverberant[s];
  }

  /**
   * The highest power of band {@code band} over the windows {@code from} to {@code to} lags back
   * (plain or {@linkplain #reverberant reverberant}); 0 where nothing was sent.
   */
  double loudest(int from, int to, int band, boolean withTail) {
    double loudest = 0;
    for (int l = from; l <= to; l++) {
      int s = slot(l);
      if (s >= 0) {
        loudest = Math.max(loudest, withTail ? reverberant[s][band] : power[s][band]);
      }
    }
    return loudest;
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
