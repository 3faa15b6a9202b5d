package org.oavc.connector.speech;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.oavc.aiservices.tts.SpeechSynthesizer;

/**
 * The caller's lines, spoken by FreeTTS (the ai-services synthesiser, kevin16 at 16 kHz) once per
 * JVM and kept at each rate asked for. Nothing is canned: the audio is synthesised here and written
 * to target/speech/ as WAV for listening when a test fails.
 */
public final class SpeechPrompts {
  public static final String WHAT_TIME = "what time is it";
  public static final String GOODBYE = "goodbye";
  public static final String HELLO = "hello can you hear me";

  private static final Map<String, short[]> CACHE = new ConcurrentHashMap<>();
  private static SpeechSynthesizer synthesizer;

  private SpeechPrompts() {}

  /** {@code text} as mono PCM16 at {@code rate}, with 100 ms of silence on both sides. */
  public static short[] say(String text, int rate) {
    short[] at16k = CACHE.computeIfAbsent(text + "@16000", k -> synthesise(text));
    return CACHE.computeIfAbsent(text + "@" + rate, k -> Pcm.resample(at16k, 16000, rate)).clone();
  }

  /** The prompt written as a WAV file under target/speech/, e.g. for SIPp or a listener. */
  public static Path wav(String text, int rate) throws IOException {
    Path file =
        Path.of(
            "target",
            "speech",
            text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-" + rate + ".wav");
    Pcm.writeWav(file, say(text, rate), rate);
    return file;
  }

  private static synchronized short[] synthesise(String text) {
    if (synthesizer == null) {
      synthesizer = new SpeechSynthesizer(1);
    }
    ByteArrayOutputStream audio = new ByteArrayOutputStream();
    try {
      boolean spoken =
          synthesizer.speak(text, audio::writeBytes, () -> false).get(60, TimeUnit.SECONDS);
      if (!spoken || audio.size() == 0) {
        throw new IllegalStateException("FreeTTS produced no audio for '" + text + "'");
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot synthesise '" + text + "': " + e, e);
    }
    short[] pad = Pcm.silence(16000, 100);
    return Pcm.concat(pad, Pcm.fromLittleEndian(audio.toByteArray()), pad);
  }
}
