package org.oavc.aiservices;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.oavc.aiservices.audio.PcmResampler;
import org.oavc.aiservices.tts.SpeechSynthesizer;

/** Test speech: FreeTTS phrases as PCM16 LE, padded with silence, at any rate. */
final class Speech {
  private static SpeechSynthesizer synthesizer;

  private Speech() {}

  static synchronized byte[] say(String text, int sampleRate) throws Exception {
    if (synthesizer == null) {
      synthesizer = new SpeechSynthesizer(1);
    }
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    byte[] silence = new byte[16000 / 2 * 2];
    pcm.write(silence);
    for (String sentence : SpeechSynthesizer.sentences(text)) {
      synthesizer.speak(sentence, pcm::writeBytes, () -> false).get(30, TimeUnit.SECONDS);
    }
    pcm.write(silence);
    return new PcmResampler(16000, sampleRate).process(pcm.toByteArray());
  }

  /** Root mean square of PCM16 LE samples. */
  static double rms(byte[] pcm, int from, int to) {
    double sum = 0;
    int n = 0;
    for (int i = from; i + 1 < to; i += 2) {
      short s = (short) ((pcm[i + 1] << 8) | (pcm[i] & 0xff));
      sum += (double) s * s;
      n++;
    }
    return n == 0 ? 0 : Math.sqrt(sum / n);
  }
}
