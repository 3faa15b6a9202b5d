package org.oavc.aiservices;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A Java-WebSocket client speaking the Vosk protocol; records replies and the close code. */
final class VoskTestClient extends WebSocketClient {
  final List<JsonObject> replies = new CopyOnWriteArrayList<>();
  volatile int closeCode = -1;

  VoskTestClient(String uri) {
    super(URI.create(uri));
  }

  static VoskTestClient connect(String uri) throws InterruptedException {
    VoskTestClient client = new VoskTestClient(uri);
    if (!client.connectBlocking(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("cannot connect to " + uri);
    }
    return client;
  }

  void config(int sampleRate, String... phrases) {
    JsonObject config = new JsonObject().put("sample_rate", sampleRate);
    if (phrases.length > 0) {
      config.put("phrase_list", new io.vertx.core.json.JsonArray(List.of(phrases)));
    }
    send(new JsonObject().put("config", config).encode());
  }

  /** Sends audio in 100 ms messages, like a streaming client. */
  void sendAudio(byte[] pcm, int sampleRate) {
    int chunk = sampleRate / 10 * 2;
    for (int off = 0; off < pcm.length; off += chunk) {
      send(java.util.Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + chunk)));
    }
  }

  void eof() {
    send("{\"eof\" : 1}");
  }

  JsonObject last() {
    return replies.isEmpty() ? null : replies.get(replies.size() - 1);
  }

  JsonObject finalResult() {
    JsonObject last = last();
    return last != null && last.containsKey("text") && closeCode != -1 ? last : null;
  }

  @Override
  public void onOpen(ServerHandshake handshake) { }

  @Override
  public void onMessage(String message) {
    replies.add(new JsonObject(message));
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    closeCode = code;
  }

  @Override
  public void onError(Exception e) { }
}
