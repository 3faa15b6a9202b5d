package org.oavc.connector.report;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.report.impl.WebhookSignature;

/**
 * A report receiver on a real HTTP server: keeps every request, answers the scripted statuses in
 * turn (then 200), and can go down and come back on its port.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as received, with whether its signature checked out. */
  public record Received(String idempotencyKey, JsonObject body, boolean signatureValid) {}

  private final Vertx vertx;
  private final String secret;
  private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final Queue<Received> received = new ConcurrentLinkedQueue<>();
  private HttpServer server;
  private int port;

  public WebhookReceiver(Vertx vertx, String secret) {
    this.vertx = vertx;
    this.secret = secret;
  }

  /** Listens on {@code port} (0: any free one). */
  public WebhookReceiver start(int port) throws Exception {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            buf -> {
                              String body = buf.toString();
                              received.add(
                                  new Received(
                                      req.getHeader("Idempotency-Key"),
                                      new JsonObject(body),
                                      signed(req.getHeader(WebhookSignature.HEADER), body)));
                              Integer status = statuses.poll();
                              req.response().setStatusCode(status == null ? 200 : status).end();
                            }))
            .listen(port, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    this.port = server.actualPort();
    return this;
  }

  private boolean signed(String header, String body) {
    if (header == null || !header.startsWith("t=") || !header.contains(",v1=")) {
      return false;
    }
    long t = Long.parseLong(header.substring(2, header.indexOf(',')));
    return header.equals(WebhookSignature.header(secret, t, body))
        && Math.abs(System.currentTimeMillis() / 1000 - t) < 300;
  }

  /** The next requests get these statuses, in turn. */
  public WebhookReceiver answer(Integer... codes) {
    statuses.addAll(List.of(codes));
    return this;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/reports";
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Down: the port refuses connections until {@link #start} again. */
  public void stop() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      server = null;
    }
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
