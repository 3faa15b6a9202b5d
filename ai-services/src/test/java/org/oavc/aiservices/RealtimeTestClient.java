package org.oavc.aiservices;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A Java-WebSocket Realtime-protocol client that records every server event. */
final class RealtimeTestClient extends RecordingClient {
  final List<JsonObject> events = received;

  private RealtimeTestClient(URI uri, Map<String, String> headers) {
    super(uri, headers);
  }

  static RealtimeTestClient connect(boolean beta) throws Exception {
    Map<String, String> headers = beta ? Map.of("OpenAI-Beta", "realtime=v1") : Map.of();
    RealtimeTestClient client =
        new RealtimeTestClient(
            URI.create(
                "ws://127.0.0.1:" + SharedServices.get().aiPort() + "/v1/realtime?model=local"),
            headers);
    if (!client.connectBlocking(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("cannot connect to the realtime service");
    }
    return client;
  }

  void send(JsonObject event) {
    send(event.encode());
  }

  /** Streams PCM16 24 kHz audio as 100 ms input_audio_buffer.append events. */
  void appendAudio(byte[] pcm) {
    for (int off = 0; off < pcm.length; off += 4800) {
      byte[] piece = java.util.Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + 4800));
      send(
          new JsonObject()
              .put("type", "input_audio_buffer.append")
              .put("audio", Base64.getEncoder().encodeToString(piece)));
    }
  }

  List<JsonObject> ofType(String type) {
    return events.stream().filter(e -> type.equals(e.getString("type"))).toList();
  }

  boolean has(String type, Predicate<JsonObject> test) {
    return events.stream().anyMatch(e -> type.equals(e.getString("type")) && test.test(e));
  }

  boolean has(String type) {
    return has(type, e -> true);
  }

  /** The audio of all deltas of the given event type, decoded. */
  byte[] audio(String deltaType) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ofType(deltaType)
        .forEach(e -> out.writeBytes(Base64.getDecoder().decode(e.getString("delta"))));
    return out.toByteArray();
  }
}
