package org.oavc.connector.ai.realtime;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.oavc.aiservices.audio.PcmResampler;
import org.oavc.aiservices.tts.SpeechSynthesizer;

/** Real speech for the tests: FreeTTS (the ai-services module's synthesizer) at any rate. */
final class LocalSpeech {
  private static SpeechSynthesizer synthesizer;

  private LocalSpeech() {}

  /** {@code text} spoken, as mono PCM16 samples at {@code rate}. */
  static synchronized short[] say(String text, int rate) throws Exception {
    if (synthesizer == null) {
      synthesizer = new SpeechSynthesizer(1);
    }
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    for (String sentence : SpeechSynthesizer.sentences(text)) {
      synthesizer.speak(sentence, pcm::writeBytes, () -> false).get(30, TimeUnit.SECONDS);
    }
    byte[] bytes = new PcmResampler(synthesizer.sampleRate(), rate).process(pcm.toByteArray());
    short[] out = new short[bytes.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
    }
    return out;
  }

  static double rms(short[] pcm) {
    double sum = 0;
    for (short s : pcm) {
      sum += (double) s * s;
    }
    return pcm.length == 0 ? 0 : Math.sqrt(sum / pcm.length);
  }
}
