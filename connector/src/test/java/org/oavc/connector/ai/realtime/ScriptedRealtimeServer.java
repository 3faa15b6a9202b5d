package org.oavc.connector.ai.realtime;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A small real Realtime-protocol peer for protocol tests: records every handshake's headers and
 * every client event, answers session.update with session.updated, and sends whatever the test
 * scripts (in either event spelling). Can drop connections on demand.
 */
public final class ScriptedRealtimeServer implements AutoCloseable {
  private final HttpServer server;
  private final List<Map<String, String>> handshakes = new ArrayList<>();
  private final List<JsonObject> received = new ArrayList<>();
  private final List<ServerWebSocket> sockets = new ArrayList<>();

  /** How the peer answers session.update. */
  public enum SessionReply {
    UPDATED,
    ERROR,
    SILENCE,
    DROP,
    REJECT_G711,
    KEEP_PCM16
  }

  private volatile SessionReply sessionReply = SessionReply.UPDATED;

  public ScriptedRealtimeServer(Vertx vertx) throws Exception {
    server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost("127.0.0.1")
                    .setPort(0)
                    .setMaxWebSocketMessageSize(4 << 20)
                    .setMaxWebSocketFrameSize(4 << 20))
            .webSocketHandler(this::accept);
    server.listen().await(10, TimeUnit.SECONDS);
  }

  private void accept(ServerWebSocket socket) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    socket.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
    headers.put(":uri", socket.uri());
    synchronized (this) {
      handshakes.add(headers);
      sockets.add(socket);
    }
    socket.writeTextMessage(new JsonObject().put("type", "session.created").encode());
    socket.textMessageHandler(
        text -> {
          JsonObject event = new JsonObject(text);
          synchronized (this) {
            received.add(event.put("_connection", handshakes.size()));
          }
          if ("session.update".equals(event.getString("type"))) {
            switch (sessionReply) {
              case UPDATED ->
                  socket.writeTextMessage(
                      new JsonObject()
                          .put("type", "session.updated")
                          .put("session", event.getJsonObject("session"))
                          .encode());
              case ERROR ->
                  socket.writeTextMessage(
                      new JsonObject()
                          .put("type", "error")
                          .put(
                              "error",
                              new JsonObject()
                                  .put("type", "invalid_request_error")
                                  .put("code", "unsupported_audio_format")
                                  .put("message", "no such format"))
                          .encode());
              case DROP -> socket.close();
              case SILENCE -> {}
              case REJECT_G711 -> {
                boolean g711 =
                    event.encode().contains("audio/pcmu") || event.encode().contains("g711_");
                socket.writeTextMessage(
                    (g711
                            ? new JsonObject()
                                .put("type", "error")
                                .put(
                                    "error",
                                    new JsonObject()
                                        .put("type", "invalid_request_error")
                                        .put("code", "invalid_value")
                                        .put("message", "format"))
                            : new JsonObject()
                                .put("type", "session.updated")
                                .put("session", event.getJsonObject("session")))
                        .encode());
              }
              case KEEP_PCM16 ->
                  socket.writeTextMessage(
                      new JsonObject()
                          .put("type", "session.updated")
                          .put(
                              "session",
                              new JsonObject()
                                  .put("type", "realtime")
                                  .put(
                                      "audio",
                                      new JsonObject()
                                          .put(
                                              "input",
                                              new JsonObject()
                                                  .put(
                                                      "format",
                                                      new JsonObject()
                                                          .put("type", "audio/pcm")
                                                          .put("rate", 24000)))))
                          .encode());
            }
          }
        });
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "ws://127.0.0.1:" + port() + "/v1/realtime";
  }

  /** How every later session.update is answered. */
  public void sessionReply(SessionReply reply) {
    sessionReply = reply;
  }

  /** Sends to the newest connection. */
  public synchronized void send(JsonObject event) {
    sockets.get(sockets.size() - 1).writeTextMessage(event.encode());
  }

  public synchronized void sendRaw(String text) {
    sockets.get(sockets.size() - 1).writeTextMessage(text);
  }

  /** The newest connection stops reading: what the client sends piles up on its side. */
  public synchronized void stopReadingNewest() {
    sockets.get(sockets.size() - 1).pause();
  }

  public synchronized void dropNewest() {
    sockets.get(sockets.size() - 1).close();
  }

  public synchronized long openConnections() {
    return sockets.stream().filter(s -> !s.isClosed()).count();
  }

  public synchronized int connections() {
    return handshakes.size();
  }

  public synchronized Map<String, String> handshake(int index) {
    return handshakes.get(index);
  }

  public synchronized List<JsonObject> received(String type) {
    return received.stream().filter(e -> type.equals(e.getString("type"))).toList();
  }

  public synchronized List<JsonObject> received(Predicate<JsonObject> filter) {
    return received.stream().filter(filter).toList();
  }

  public synchronized List<JsonObject> all() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    try {
      server.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test server did not close", e);
    }
  }
}
