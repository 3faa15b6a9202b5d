package org.oavc.connector.ai.realtime;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** Recognises audio with the local Vosk-protocol STT service, to check what the agent said. */
final class VoskCheck extends WebSocketClient {
  private final List<String> texts = new ArrayList<>();
  private volatile boolean done;

  private VoskCheck(URI uri) {
    super(uri);
  }

  /** The words heard in {@code pcm} (mono PCM16 at {@code rate}), finals joined by spaces. */
  static String recognise(int sttPort, short[] pcm, int rate, Duration wait) throws Exception {
    VoskCheck client = new VoskCheck(URI.create("ws://127.0.0.1:" + sttPort + "/"));
    try {
      if (!client.connectBlocking(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("STT service not reachable");
      }
      client.send(
          new JsonObject().put("config", new JsonObject().put("sample_rate", rate)).encode());
      int chunk = rate / 5;
      for (int off = 0; off < pcm.length; off += chunk) {
        int n = Math.min(chunk, pcm.length - off);
        byte[] bytes = new byte[n * 2];
        for (int i = 0; i < n; i++) {
          bytes[2 * i] = (byte) pcm[off + i];
          bytes[2 * i + 1] = (byte) (pcm[off + i] >> 8);
        }
        client.send(bytes);
      }
      client.send(new byte[rate]); // half a second of silence closes the last phrase
      client.send("{\"eof\" : 1}");
      await().atMost(wait).until(() -> client.done);
      synchronized (client.texts) {
        return String.join(" ", client.texts).trim();
      }
    } finally {
      client.closeBlocking();
    }
  }

  @Override
  public void onOpen(ServerHandshake handshake) {}

  @Override
  public void onMessage(String message) {
    JsonObject result = new JsonObject(message);
    String text = result.getString("text");
    if (text != null && !text.isBlank()) {
      synchronized (texts) {
        texts.add(text);
      }
    }
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    done = true;
  }

  @Override
  public void onError(Exception e) {
    done = true;
  }
}
