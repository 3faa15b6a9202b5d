package org.oavc.connector.speech;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.oavc.aiservices.impl.ModelLocator;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Vosk (the small English model shipped for ai-services) as the test's ear: recorded audio in,
 * words out. The model loads once per JVM; each call gets its own recogniser.
 */
public final class SpeechCheck {
  private static final int MODEL_RATE = 16000;

  /** Fed in 100 ms pieces, as a live stream would be, so every utterance is kept. */
  private static final int CHUNK = MODEL_RATE / 10;

  private static Model model;

  private SpeechCheck() {}

  /** Lower-case words Vosk heard in {@code pcm} (mono PCM16 at {@code rate}), in order. */
  public static List<String> words(short[] pcm, int rate) {
    String text = transcribe(pcm, rate);
    return text.isBlank() ? List.of() : Arrays.asList(text.split("\\s+"));
  }

  /** How many of the words of {@code expected} are among {@code heard}. */
  public static long wordsFound(List<String> heard, String expected) {
    return Arrays.stream(expected.toLowerCase(Locale.ROOT).split("\\s+"))
        .filter(heard::contains)
        .count();
  }

  /** Everything Vosk heard, utterances joined by a space. */
  public static String transcribe(short[] pcm, int rate) {
    short[] at16k = Pcm.resample(pcm, rate, MODEL_RATE);
    List<String> parts = new ArrayList<>();
    try (Recognizer recognizer = new Recognizer(model(), MODEL_RATE)) {
      for (int off = 0; off < at16k.length; off += CHUNK) {
        int len = Math.min(CHUNK, at16k.length - off);
        if (recognizer.acceptWaveForm(Arrays.copyOfRange(at16k, off, off + len), len)) {
          parts.add(text(recognizer.getResult()));
        }
      }
      parts.add(text(recognizer.getFinalResult()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a Vosk recogniser: " + e.getMessage(), e);
    }
    return String.join(" ", parts.stream().filter(s -> !s.isBlank()).toList())
        .toLowerCase(Locale.ROOT);
  }

  /** A recogniser at 16 kHz on the shared model, for a test that reads partial results. */
  public static Recognizer recognizer() throws IOException {
    return new Recognizer(model(), MODEL_RATE);
  }

  private static String text(String json) {
    return new JsonObject(json).getString("text", "");
  }

  private static synchronized Model model() throws IOException {
    if (model == null) {
      LibVosk.setLogLevel(LogLevel.WARNINGS);
      model = new Model(ModelLocator.locate(null).toString());
    }
    return model;
  }
}
