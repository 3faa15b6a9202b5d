package org.oavc.connector.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The speech infrastructure before any call: FreeTTS prompts are real speech that Vosk understands
 * at both telephone rates, survive a WAV round trip, and silence stays wordless.
 */
class SpeechPromptsTest {

  @ParameterizedTest
  @CsvSource({
    "what time is it, time, 8000", "what time is it, time, 16000",
    "goodbye, goodbye, 8000", "goodbye, goodbye, 16000",
    "hello can you hear me, hello, 8000", "hello can you hear me, hello, 16000"
  })
  void voskHearsEachPromptAtEachRate(String text, String keyword, int rate) throws Exception {
    short[] pcm = SpeechPrompts.say(text, rate);
    assertThat(pcm.length).as("samples of '%s'", text).isGreaterThan(rate / 4);

    Path wav = SpeechPrompts.wav(text, rate);
    Pcm.Wav back = Pcm.Wav.read(wav);
    assertThat(back.rate()).isEqualTo(rate);
    assertThat(back.pcm()).isEqualTo(pcm);

    // The agent's rules key on one word; a small model may mishear another one ("while time").
    java.util.List<String> heard = SpeechCheck.words(back.pcm(), rate);
    assertThat(heard).contains(keyword);
    assertThat(SpeechCheck.wordsFound(heard, text))
        .as("words of '%s' in %s", text, heard)
        .isGreaterThanOrEqualTo(text.split(" ").length - 1L);
  }

  @org.junit.jupiter.api.Test
  void silenceAndQuietNoiseHaveNoWords() {
    short[] noise = new short[16000];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (short) (random.nextGaussian() * 30);
    }
    assertThat(SpeechCheck.words(Pcm.silence(8000, 1000), 8000)).isEmpty();
    assertThat(SpeechCheck.words(noise, 16000)).isEmpty();
    assertThat(Pcm.rms(noise)).isLessThan(Pcm.SPEECH_RMS);
  }
}
