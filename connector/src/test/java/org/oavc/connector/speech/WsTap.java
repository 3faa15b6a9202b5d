package org.oavc.connector.speech;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A WebSocket relay on loopback between the connector and a local AI service that keeps every text
 * message both ways with its time: the services log neither the STT config's sample_rate nor the
 * realtime client's cancel/truncate events, and the benches need their timings. Binary frames are
 * relayed and counted. Each accepted socket gets its own upstream connection.
 */
public final class WsTap implements AutoCloseable {
  /** One text message: when the relay saw it, which way it went, its text. */
  public record Message(long nanos, boolean fromClient, String text) {
    /** The message as JSON; an empty object when it is not JSON. */
    public JsonObject json() {
      try {
        return new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        return new JsonObject();
      }
    }

    public String type() {
      return json().getString("type", "");
    }
  }

  /** Handshake headers the relay makes itself; everything else (auth, OpenAI-Beta) passes. */
  private static final Set<String> HANDSHAKE =
      Set.of(
          "host",
          "connection",
          "upgrade",
          "sec-websocket-key",
          "sec-websocket-version",
          "sec-websocket-extensions",
          "content-length");

  private final int upstreamPort;
  private final WebSocketClient client;
  private final List<Message> messages = new ArrayList<>();
  private final Map<String, WebSocket> pending = new ConcurrentHashMap<>();
  private final AtomicLong binaryFromClient = new AtomicLong();
  private HttpServer server;

  private WsTap(Vertx vertx, int upstreamPort) {
    this.upstreamPort = upstreamPort;
    this.client = vertx.createWebSocketClient();
  }

  /** Listens on a free loopback port and relays to ws://127.0.0.1:{@code upstreamPort}. */
  public static WsTap start(Vertx vertx, int upstreamPort) throws Exception {
    WsTap tap = new WsTap(vertx, upstreamPort);
    tap.server =
        vertx
            .createHttpServer()
            .webSocketHandshakeHandler(tap::handshake)
            .webSocketHandler(tap::accepted)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return tap;
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "ws://127.0.0.1:" + port();
  }

  /** Connects upstream first and only then accepts, so the client never talks into a void. */
  private void handshake(ServerWebSocketHandshake hs) {
    WebSocketConnectOptions o =
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(upstreamPort).setURI(hs.uri());
    MultiMap headers = hs.headers();
    headers.names().stream()
        .filter(h -> !HANDSHAKE.contains(h.toLowerCase(Locale.ROOT)))
        .forEach(h -> headers.getAll(h).forEach(v -> o.addHeader(h, v)));
    String peer = hs.remoteAddress().toString();
    client
        .connect(o)
        .onSuccess(
            up -> {
              up.pause(); // the service's first events wait for the join
              pending.put(peer, up);
              hs.accept()
                  .onFailure(
                      e -> {
                        pending.remove(peer);
                        up.close();
                      });
            })
        .onFailure(e -> hs.reject(502));
  }

  private void accepted(ServerWebSocket down) {
    WebSocket up = pending.remove(down.remoteAddress().toString());
    if (up == null) {
      down.close();
    } else {
      join(down, up);
    }
  }

  private void join(ServerWebSocket down, WebSocket up) {
    down.textMessageHandler(
        t -> {
          keep(true, t);
          up.writeTextMessage(t);
        });
    down.binaryMessageHandler(
        b -> {
          binaryFromClient.addAndGet(b.length());
          up.writeBinaryMessage(b);
        });
    up.textMessageHandler(
        t -> {
          keep(false, t);
          down.writeTextMessage(t);
        });
    up.binaryMessageHandler(down::writeBinaryMessage);
    down.closeHandler(v -> up.close());
    up.closeHandler(v -> down.close());
    down.exceptionHandler(e -> up.close());
    up.exceptionHandler(e -> down.close());
    up.resume();
  }

  private synchronized void keep(boolean fromClient, String text) {
    messages.add(new Message(System.nanoTime(), fromClient, text));
  }

  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  /** Text messages from the connector (the client side) that match {@code filter}. */
  public List<Message> fromClient(Predicate<Message> filter) {
    return messages().stream().filter(m -> m.fromClient() && filter.test(m)).toList();
  }

  /** Text messages from the service that match {@code filter}. */
  public List<Message> fromService(Predicate<Message> filter) {
    return messages().stream().filter(m -> !m.fromClient() && filter.test(m)).toList();
  }

  /** Realtime client events of this type (e.g. response.cancel). */
  public List<Message> clientEvents(String type) {
    return fromClient(m -> type.equals(m.type()));
  }

  /** Bytes of binary frames (audio) the connector sent through the relay. */
  public long binaryBytesFromClient() {
    return binaryFromClient.get();
  }

  public synchronized void clear() {
    messages.clear();
  }

  @Override
  public void close() throws Exception {
    Future.join(server.close(), client.close())
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }
}
