package org.oavc.aiservices;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Java-WebSocket client speaking the Vosk protocol; records replies and the close code. */
final class VoskTestClient extends RecordingClient {
  final List<JsonObject> replies = received;

  VoskTestClient(String uri) {
    super(URI.create(uri), java.util.Map.of());
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
}
