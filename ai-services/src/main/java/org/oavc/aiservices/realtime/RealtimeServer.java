package org.oavc.aiservices.realtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.aiservices.chat.RuleAgent;
import org.oavc.aiservices.stt.VoskEngine;
import org.oavc.aiservices.tts.SpeechSynthesizer;

/** The Realtime-protocol speech-to-speech WebSocket service (any path, e.g. /v1/realtime). */
public final class RealtimeServer {
  private static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

  private final Vertx vertx;
  private final Executor blocking;
  private final VoskEngine engine;
  private final SpeechSynthesizer synthesizer;
  private final RuleAgent agent;
  private final MeterRegistry registry;
  private final AtomicInteger sessions = new AtomicInteger();
  private HttpServer server;

  public RealtimeServer(
      Vertx vertx,
      Executor blocking,
      VoskEngine engine,
      SpeechSynthesizer synthesizer,
      RuleAgent agent,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
    Gauge.builder("oavc_aiservices_realtime_sessions", sessions, AtomicInteger::get)
        .description("open Realtime-protocol WebSocket sessions")
        .register(registry);
    this.blocking = blocking;
    this.engine = engine;
    this.synthesizer = synthesizer;
    this.agent = agent;
  }

  public Future<Integer> listen(String host, int port) {
    server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost(host)
                    .setPort(port)
                    .setMaxWebSocketFrameSize(MAX_EVENT_BYTES)
                    .setMaxWebSocketMessageSize(MAX_EVENT_BYTES))
            .webSocketHandler(
                socket -> {
                  sessions.incrementAndGet();
                  new RealtimeSession(
                          socket,
                          vertx.getOrCreateContext(),
                          blocking,
                          engine,
                          synthesizer,
                          agent,
                          registry)
                      .start(sessions::decrementAndGet);
                })
            .requestHandler(
                request ->
                    request
                        .response()
                        .setStatusCode(426)
                        .end("Realtime protocol: use a WebSocket\n"));
    return server.listen().map(HttpServer::actualPort);
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
