package org.oavc.aiservices.stt;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.util.List;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * The loaded Vosk model (shared, thread-safe) and the factory of per-connection recognisers. The
 * small en-us model only works at 16 kHz, so every recogniser is made for 16 kHz and the connection
 * resamples whatever rate the client announced.
 */
public final class VoskEngine implements AutoCloseable {
  public static final int MODEL_RATE = 16000;

  private final Model model;

  private VoskEngine(Model model) {
    this.model = model;
  }

  /** Loads the model from an unpacked model directory. Blocking (about half a second). */
  public static VoskEngine load(String modelPath) throws IOException {
    LibVosk.setLogLevel(LogLevel.WARNINGS);
    return new VoskEngine(new Model(modelPath));
  }

  /** A recogniser with word timings; restricted to {@code phrases} (plus [unk]) when given. */
  Recognizer newRecognizer(List<String> phrases) throws IOException {
    Recognizer recognizer;
    if (phrases == null || phrases.isEmpty()) {
      recognizer = new Recognizer(model, MODEL_RATE);
    } else {
      JsonArray grammar = new JsonArray();
      phrases.forEach(p -> grammar.add(p.toLowerCase(java.util.Locale.ROOT)));
      grammar.add("[unk]");
      recognizer = new Recognizer(model, MODEL_RATE, grammar.encode());
    }
    recognizer.setWords(true);
    return recognizer;
  }

  /** Open-vocabulary text of one whole utterance of 16 kHz PCM16 LE. Blocking. */
  public String transcribe(byte[] pcm16k) throws IOException {
    try (Recognizer recognizer = new Recognizer(model, MODEL_RATE)) {
      recognizer.acceptWaveForm(pcm16k, pcm16k.length);
      return new io.vertx.core.json.JsonObject(recognizer.getFinalResult()).getString("text", "");
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
