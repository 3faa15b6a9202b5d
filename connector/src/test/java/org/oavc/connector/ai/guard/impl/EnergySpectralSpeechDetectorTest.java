package org.oavc.connector.ai.guard.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.oavc.connector.ai.guard.GuardOptions;
import org.oavc.connector.media.codec.Resampler;

/** The speech detector on FreeTTS speech, white line noise and digital silence, at each rate. */
class EnergySpectralSpeechDetectorTest {

  private static EnergySpectralSpeechDetector detector(int rate) {
    return new EnergySpectralSpeechDetector(
        new GuardOptions().setSampleRate(rate).setFrameMillis(20));
  }

  private static short[] speechAt(int rate) throws Exception {
    if (rate != 48000) {
      return TestVoices.caller(rate);
    }
    short[] wide = TestVoices.caller(16000);
    Resampler up = new Resampler(16000, 48000);
    short[] out = new short[up.maxOutputSamples(wide.length)];
    return java.util.Arrays.copyOf(out, up.process(wide, 0, wide.length, out, 0));
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(ints = {8000, 16000, 24000, 48000})
  void findsSpeechInSpeechOverLineNoise(int rate) throws Exception {
    short[] speech = speechAt(rate);
    int frame = rate / 50;
    double[] noise = GuardSignals.noise(speech.length + rate, -50, 7);
    short[] signal = new short[speech.length + rate];
    for (int i = 0; i < signal.length; i++) {
      signal[i] =
          GuardSignals.clip(
              noise[i] + (i >= rate && i - rate < speech.length ? speech[i - rate] : 0));
    }
    EnergySpectralSpeechDetector d = detector(rate);
    int loud = 0;
    int loudDetected = 0;
    int noiseOnly = 0;
    int noiseDetected = 0;
    for (int f = 0; (f + 1) * frame <= signal.length; f++) {
      boolean speechFrame =
          d.isSpeech(java.util.Arrays.copyOfRange(signal, f * frame, (f + 1) * frame));
      int at = f * frame - rate;
      double cleanDb =
          at < 0 || at >= speech.length
              ? -200
              : GuardSignals.db(GuardSignals.meanSquare(speech, at, frame));
      if (cleanDb > -30) {
        loud++;
        loudDetected += speechFrame ? 1 : 0;
      } else if (cleanDb < -60) {
        noiseOnly++;
        noiseDetected += speechFrame ? 1 : 0;
      }
    }
    System.out.printf(
        "%d Hz: speech frames %d/%d, noise frames %d/%d%n",
        rate, loudDetected, loud, noiseDetected, noiseOnly);
    assertThat(loud).isGreaterThan(50);
    assertThat((double) loudDetected / loud).as("speech frames found").isGreaterThan(0.85);
    assertThat(noiseOnly).isGreaterThan(20);
    assertThat(noiseDetected).as("noise frames called speech").isLessThanOrEqualTo(noiseOnly / 50);
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(ints = {8000, 16000, 24000, 48000})
  void noiseAndSilenceAreNotSpeech(int rate) {
    int frame = rate / 50;
    EnergySpectralSpeechDetector d = detector(rate);
    int detected = 0;
    // Silence, then quiet line noise, then a sudden loud hiss (a noisy line or a fan).
    double[] quiet = GuardSignals.noise(rate * 3, -50, 11);
    double[] loud = GuardSignals.noise(rate * 3, -25, 12);
    for (int f = 0; f < 150; f++) {
      detected += d.isSpeech(new short[frame]) ? 1 : 0;
    }
    for (double[] noise : new double[][] {quiet, loud}) {
      for (int f = 0; (f + 1) * frame <= noise.length; f++) {
        short[] x = new short[frame];
        for (int i = 0; i < frame; i++) {
          x[i] = GuardSignals.clip(noise[f * frame + i]);
        }
        detected += d.isSpeech(x) ? 1 : 0;
      }
    }
    assertThat(detected).as("frames of silence or noise called speech").isZero();
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(ints = {8000, 16000})
  void shortOrEmptyFramesAreNotSpeech(int rate) {
    EnergySpectralSpeechDetector d = detector(rate);
    assertThat(d.isSpeech(new short[0])).isFalse();
    assertThat(d.isSpeech(new short[7])).isFalse();
  }
}
