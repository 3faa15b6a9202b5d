package org.oavc.aiservices.stt;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.oavc.aiservices.audio.PcmResampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.Recognizer;

/**
 * One Vosk-protocol session: a config message, then binary PCM16 LE audio answered by one partial
 * or final result per message, then {@code {"eof" : 1}} for the final result and a close.
 * Recognition runs on a per-connection serial executor; replies go back on the connection's
 * context. The recogniser is freed on every path (eof, close, error, reset).
 */
final class SttConnection {
  private static final Logger LOG = LoggerFactory.getLogger(SttConnection.class);
  static final int MIN_RATE = 8000;
  static final int MAX_RATE = 48000;

  /** Audio queued for recognition beyond which the socket stops reading (back-pressure). */
  private static final int PAUSE_BYTES = 1 << 20;

  private final ServerWebSocket socket;
  private final Context context;
  private final Executor serial;
  private final VoskEngine engine;
  private final SttMetrics metrics;
  private final int maxMessageBytes;
  private PcmResampler resampler;
  private Recognizer recognizer;
  private boolean configured;
  private boolean closed;
  private volatile boolean released;
  private long queuedBytes;
  private boolean paused;

  SttConnection(
      ServerWebSocket socket,
      Context context,
      Executor pool,
      VoskEngine engine,
      SttMetrics metrics,
      int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
    this.socket = socket;
    this.context = context;
    this.serial = new SerialExecutor(pool);
    this.engine = engine;
    this.metrics = metrics;
  }

  void start() {
    metrics.connectionOpened();
    socket.textMessageHandler(this::onText);
    socket.binaryMessageHandler(this::onAudio);
    socket.exceptionHandler(
        e -> {
          LOG.debug("STT connection {} failed: {}", socket.remoteAddress(), e.toString());
          metrics.error("socket");
          release();
        });
    socket.closeHandler(v -> release());
  }

  private void onText(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException e) {
      fail("bad_json", "message is not a JSON object: " + e.getMessage(), (short) 1007);
      return;
    }
    if (message.containsKey("config")) {
      onConfig(message.getValue("config"));
    } else if (message.containsKey("eof")) {
      onEof();
    } else {
      fail(
          "bad_message",
          "expected a config or eof message, got keys " + message.fieldNames(),
          (short) 1008);
    }
  }

  private void onConfig(Object value) {
    if (configured) {
      fail("bad_config", "config must come once, before any audio", (short) 1008);
      return;
    }
    if (!(value instanceof JsonObject config)) {
      fail("bad_config", "config must be a JSON object", (short) 1008);
      return;
    }
    Object rate = config.getValue("sample_rate", VoskEngine.MODEL_RATE);
    if (!(rate instanceof Number number)
        || number.doubleValue() != Math.rint(number.doubleValue())
        || number.intValue() < MIN_RATE
        || number.intValue() > MAX_RATE) {
      fail(
          "bad_sample_rate",
          "sample_rate must be an integer from "
              + MIN_RATE
              + " to "
              + MAX_RATE
              + " Hz, got "
              + rate,
          (short) 1008);
      return;
    }
    List<String> phrases = new ArrayList<>();
    Object phraseList = config.getValue("phrase_list");
    if (phraseList instanceof JsonArray array) {
      for (Object p : array) {
        if (!(p instanceof String s) || s.isBlank()) {
          fail("bad_config", "phrase_list must hold non-empty strings", (short) 1008);
          return;
        }
        phrases.add(s);
      }
    } else if (phraseList != null) {
      fail("bad_config", "phrase_list must be an array of strings", (short) 1008);
      return;
    }
    configured = true;
    int sampleRate = number.intValue();
    serial.execute(
        () -> {
          if (released) {
            return;
          }
          try {
            resampler = new PcmResampler(sampleRate, VoskEngine.MODEL_RATE);
            recognizer = engine.newRecognizer(phrases);
            metrics.recognizerOpened();
            // A close that raced with creation must not leak the new recogniser.
            if (released) {
              freeRecognizer();
            }
          } catch (Exception e) {
            context.runOnContext(
                v ->
                    fail(
                        "recognizer", "cannot create recogniser: " + e.getMessage(), (short) 1011));
          }
        });
  }

  private void onAudio(Buffer audio) {
    if (!configured) {
      fail("audio_before_config", "binary audio before the config message", (short) 1008);
      return;
    }
    if (audio.length() > maxMessageBytes) {
      fail(
          "message_too_large",
          "audio message of "
              + audio.length()
              + " bytes is over the limit of "
              + maxMessageBytes
              + "; send 20-200 ms per message",
          (short) 1009);
      return;
    }
    byte[] bytes = audio.getBytes();
    enqueue(bytes.length);
    serial.execute(
        () -> {
          try {
            if (released || recognizer == null) {
              return;
            }
            byte[] pcm16k = resampler.process(bytes);
            boolean endOfUtterance = recognizer.acceptWaveForm(pcm16k, pcm16k.length);
            String reply =
                endOfUtterance
                    ? withWordList(recognizer.getResult())
                    : recognizer.getPartialResult();
            send(reply, false);
          } finally {
            context.runOnContext(v -> dequeue(bytes.length));
          }
        });
  }

  private void onEof() {
    if (!configured) {
      // Nothing was recognised: an empty final result, like the Vosk server with no audio.
      sendNow(new JsonObject().put("text", "").put("result", new JsonArray()).encode());
      closeSocket((short) 1000, "eof");
      return;
    }
    serial.execute(
        () -> {
          if (released || recognizer == null) {
            return;
          }
          send(withWordList(recognizer.getFinalResult()), true);
        });
  }

  /** Our replies always carry "result" (possibly empty), so clients can rely on it. */
  private static String withWordList(String voskJson) {
    JsonObject result = new JsonObject(voskJson);
    if (!result.containsKey("result")) {
      result.put("result", new JsonArray());
    }
    return result.encode();
  }

  private void send(String json, boolean thenClose) {
    context.runOnContext(
        v -> {
          sendNow(json);
          if (thenClose) {
            metrics.finalResult();
            closeSocket((short) 1000, "eof");
          }
        });
  }

  private void sendNow(String json) {
    if (!closed && !socket.isClosed()) {
      socket.writeTextMessage(json);
    }
  }

  private void enqueue(int bytes) {
    queuedBytes += bytes;
    if (!paused && queuedBytes > PAUSE_BYTES) {
      paused = true;
      socket.pause();
    }
  }

  private void dequeue(int bytes) {
    queuedBytes -= bytes;
    if (paused && queuedBytes < PAUSE_BYTES / 4) {
      paused = false;
      socket.resume();
    }
  }

  private void fail(String code, String message, short closeCode) {
    LOG.info("STT connection {}: {} ({})", socket.remoteAddress(), message, code);
    metrics.error(code);
    sendNow(
        new JsonObject()
            .put("error", new JsonObject().put("code", code).put("message", message))
            .encode());
    closeSocket(closeCode, code);
  }

  private void closeSocket(short code, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    socket.close(code, reason);
    release();
  }

  /** Idempotent: frees the recogniser after whatever recognition is already queued. */
  private void release() {
    closed = true;
    if (released) {
      return;
    }
    released = true;
    metrics.connectionClosed();
    serial.execute(this::freeRecognizer);
  }

  private void freeRecognizer() {
    if (recognizer != null) {
      recognizer.close();
      recognizer = null;
      metrics.recognizerClosed();
    }
  }
}
