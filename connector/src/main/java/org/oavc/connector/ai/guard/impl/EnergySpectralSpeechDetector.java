package org.oavc.connector.ai.guard.impl;

import org.oavc.connector.ai.guard.GuardOptions;
import org.oavc.connector.ai.guard.SpeechDetector;

/**
 * Speech = clearly above the adaptive noise floor and spectrally structured. Frame energy is
 * compared with a noise floor that falls fast, rises slowly under speech and quickly under frames
 * that look like noise; spectral flatness over 150-4000 Hz (geometric over arithmetic mean of the
 * bin powers) separates voiced speech, whose energy sits in harmonics and formants, from hiss and
 * comfort noise, which are flat. Fricatives look like noise too and do not count on their own; the
 * barge-in hangover bridges them.
 */
public final class EnergySpectralSpeechDetector implements SpeechDetector {
  private static final double MIN_LEVEL_DB = -55;
  private static final double SNR_DB = 9;
  private static final double MAX_FLATNESS = 0.35;
  private static final double FALL = 0.3;

  /** Fraction of the gap to the level closed per noise-like frame. */
  private static final double RISE_NOISE = 0.15;

  private static final double RISE_DB_PER_SECOND = 1.5;

  private final BandSpectrum spectrum;
  private final double[] bandScratch;
  private final int firstBin;
  private final int endBin;
  private final double rise;
  private final int frameSamples;
  private double floorDb = Double.NaN;
  private double lastFlatness;
  private double lastLevelDb;

  public EnergySpectralSpeechDetector(GuardOptions options) {
    this.frameSamples = options.getSampleRate() * options.getFrameMillis() / 1000;
    this.spectrum = new BandSpectrum(options.getSampleRate(), frameSamples);
    this.bandScratch = new double[spectrum.bands()];
    this.firstBin = spectrum.binOf(150);
    this.endBin = spectrum.binOf(Math.min(4000, options.getSampleRate() / 2.0 - 100));
    this.rise = RISE_DB_PER_SECOND * options.getFrameMillis() / 1000.0;
  }

  @Override
  public boolean isSpeech(short[] frame) {
    if (frame.length < frameSamples) {
      return false;
    }
    double sum = 0;
    for (int i = 0; i < frameSamples; i++) {
      sum += (double) frame[i] * frame[i];
    }
    double levelDb = 10 * Math.log10(sum / frameSamples / (32768.0 * 32768.0) + 1e-12);
    spectrum.analyse(frame, 0, bandScratch);
    double flatness = flatness();
    if (Double.isNaN(floorDb)) {
      floorDb = levelDb;
    }
    double snr = levelDb - floorDb;
    boolean speech = levelDb > MIN_LEVEL_DB && snr > SNR_DB && flatness < MAX_FLATNESS;
    if (levelDb < floorDb) {
      floorDb += FALL * (levelDb - floorDb);
    } else {
      floorDb =
          flatness >= MAX_FLATNESS
              ? floorDb + RISE_NOISE * (levelDb - floorDb)
              : Math.min(levelDb, floorDb + rise);
    }
    lastFlatness = flatness;
    lastLevelDb = levelDb;
    return speech;
  }

  private double flatness() {
    double logSum = 0;
    double sum = 0;
    int n = endBin - firstBin;
    for (int k = firstBin; k < endBin; k++) {
      double p = spectrum.binPower(k) + 1e-14;
      logSum += Math.log(p);
      sum += p;
    }
    return n <= 0 || sum <= 0 ? 1 : Math.exp(logSum / n) / (sum / n);
  }

  public double lastFlatness() {
    return lastFlatness;
  }

  public double lastLevelDb() {
    return lastLevelDb;
  }
}
