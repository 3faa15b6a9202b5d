package org.oavc.aiservices.stt;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.ExecutorService;

/**
 * The Vosk-server-protocol speech-to-text WebSocket service. Any path is accepted (Vosk clients
 * connect to "/"); each connection gets its own recogniser.
 */
public final class SttServer {
  private final Vertx vertx;
  private final VoskEngine engine;
  private final ExecutorService recognitionPool;
  private final SttMetrics metrics;
  private HttpServer server;

  public SttServer(
      Vertx vertx, VoskEngine engine, ExecutorService recognitionPool, SttMetrics metrics) {
    this.vertx = vertx;
    this.engine = engine;
    this.recognitionPool = recognitionPool;
    this.metrics = metrics;
  }

  /**
   * Listens. A message larger than {@code maxMessageBytes} gets an error reply and close 1009; one
   * more than twice that is cut off by the WebSocket decoder before it is buffered.
   */
  public Future<Integer> listen(String host, int port, int maxMessageBytes) {
    int hardLimit = (int) Math.min(Integer.MAX_VALUE, 2L * maxMessageBytes);
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setMaxWebSocketFrameSize(hardLimit)
            .setMaxWebSocketMessageSize(hardLimit);
    server =
        vertx
            .createHttpServer(options)
            .webSocketHandler(
                socket ->
                    new SttConnection(
                            socket,
                            vertx.getOrCreateContext(),
                            recognitionPool,
                            engine,
                            metrics,
                            maxMessageBytes)
                        .start())
            .requestHandler(
                request ->
                    request
                        .response()
                        .setStatusCode(426)
                        .putHeader("Content-Type", "text/plain")
                        .end("Vosk-protocol speech-to-text: connect with a WebSocket\n"));
    return server.listen().map(HttpServer::actualPort);
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
