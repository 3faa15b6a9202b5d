package org.oavc.connector.e2e;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A SIP-over-WebSocket server (RFC 7118: subprotocol "sip", one message per text frame) on loopback
 * that records what a browser sends and answers requests with what the test says.
 */
final class SipWebSocketPeer implements AutoCloseable {
  final List<String> received = new CopyOnWriteArrayList<>();
  final List<String> origins = new CopyOnWriteArrayList<>();
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private volatile Function<String, String> responder = request -> null;

  SipWebSocketPeer() {
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setWebSocketSubProtocols(List.of("sip")))
            .webSocketHandler(this::accept)
            .listen(0, "127.0.0.1")
            .await();
  }

  int port() {
    return server.actualPort();
  }

  /** What to answer a request with (a whole SIP response), or null for nothing. */
  void respondWith(Function<String, String> responder) {
    this.responder = responder;
  }

  private void accept(ServerWebSocket ws) {
    origins.add(String.valueOf(ws.headers().get("Origin")));
    ws.textMessageHandler(
        text -> {
          received.add(text);
          if (!text.startsWith("SIP/2.0")) {
            String reply = responder.apply(text);
            if (reply != null) {
              ws.writeTextMessage(reply);
            }
          }
        });
  }

  /** The first request received with this method, or null. */
  String request(String method) {
    return received.stream().filter(m -> m.startsWith(method + " ")).findFirst().orElse(null);
  }

  /** A final response to {@code request}: its Via, From, To (tagged), Call-ID and CSeq copied. */
  static String reply(String request, int status, String reason) {
    StringBuilder out = new StringBuilder("SIP/2.0 " + status + " " + reason + "\r\n");
    for (String line : request.split("\r\n")) {
      if (line.isEmpty()) {
        break;
      }
      String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase();
      switch (name) {
        case "via", "from", "call-id", "cseq" -> out.append(line).append("\r\n");
        case "to" ->
            out.append(line).append(line.contains(";tag=") ? "" : ";tag=peer1").append("\r\n");
        default -> {}
      }
    }
    return out.append("Content-Length: 0\r\n\r\n").toString();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
