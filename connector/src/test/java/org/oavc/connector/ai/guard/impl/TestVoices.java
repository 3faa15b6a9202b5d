package org.oavc.connector.ai.guard.impl;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.oavc.aiservices.tts.SpeechSynthesizer;
import org.oavc.connector.media.codec.Resampler;

/**
 * Real speech for the guard tests: FreeTTS sentences, normalised to a speech level, at any rate.
 * The "caller" is a different text slowed and lowered in pitch by a fifth, so it is not the agent's
 * own voice. Synthesised once per JVM.
 */
final class TestVoices {
  static final String AGENT_TEXT =
      "Thank you for calling the city library. Your books are due back on "
          + "Tuesday the fourth of March. You can renew them online or at the front desk.";
  static final String CALLER_TEXT =
      "Sorry, wait a moment. I would like to speak to somebody about a lost card.";

  /** Active speech level of both voices, dBFS. */
  static final double SPEECH_DBFS = -20;

  private static final Map<String, short[]> CACHE = new HashMap<>();
  private static SpeechSynthesizer synthesizer;

  private TestVoices() {}

  static short[] agent(int sampleRate) throws Exception {
    return at(speech(AGENT_TEXT, 1.0), sampleRate);
  }

  static short[] caller(int sampleRate) throws Exception {
    return at(speech(CALLER_TEXT, 0.8), sampleRate);
  }

  private static synchronized short[] speech(String text, double pitch) throws Exception {
    String key = text + "@" + pitch;
    short[] cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    if (synthesizer == null) {
      synthesizer = new SpeechSynthesizer(1);
    }
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    for (String sentence : SpeechSynthesizer.sentences(text)) {
      synthesizer.speak(sentence, pcm::writeBytes, () -> false).get(60, TimeUnit.SECONDS);
    }
    byte[] le = pcm.toByteArray();
    short[] samples = new short[le.length / 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) ((le[2 * i + 1] << 8) | (le[2 * i] & 0xff));
    }
    short[] shifted = pitch == 1.0 ? samples : stretch(samples, pitch);
    short[] normalised = normalise(shifted, SPEECH_DBFS);
    CACHE.put(key, normalised);
    return normalised;
  }

  /** Reads the signal at {@code speed} times its rate: slower and lower for speed < 1. */
  private static short[] stretch(short[] in, double speed) {
    short[] out = new short[(int) ((in.length - 1) / speed)];
    for (int i = 0; i < out.length; i++) {
      double pos = i * speed;
      int k = (int) pos;
      double frac = pos - k;
      out[i] = (short) Math.round(in[k] * (1 - frac) + in[Math.min(in.length - 1, k + 1)] * frac);
    }
    return out;
  }

  /** Scales so the RMS over the louder half of 20 ms frames (the speech) is {@code dbfs}. */
  private static short[] normalise(short[] in, double dbfs) {
    int frame = 320;
    double[] energies = new double[in.length / frame];
    for (int f = 0; f < energies.length; f++) {
      energies[f] = GuardSignals.meanSquare(in, f * frame, frame);
    }
    double[] sorted = energies.clone();
    java.util.Arrays.sort(sorted);
    double sum = 0;
    for (int i = sorted.length / 2; i < sorted.length; i++) {
      sum += sorted[i];
    }
    double rms = Math.sqrt(sum / Math.max(1, sorted.length - sorted.length / 2));
    double scale = Math.pow(10, dbfs / 20) / rms;
    short[] out = new short[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = GuardSignals.clip(in[i] * scale);
    }
    return out;
  }

  private static short[] at(short[] pcm16k, int sampleRate) {
    if (sampleRate == 16000) {
      return pcm16k;
    }
    Resampler r = new Resampler(16000, sampleRate);
    short[] out = new short[r.maxOutputSamples(pcm16k.length)];
    int n = r.process(pcm16k, 0, pcm16k.length, out, 0);
    return java.util.Arrays.copyOf(out, n);
  }
}
