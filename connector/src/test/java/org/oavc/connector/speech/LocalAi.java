package org.oavc.connector.speech;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.oavc.aiservices.AiServices;
import org.oavc.aiservices.AiServicesOptions;

/**
 * The local AI services (ai-services: Vosk STT, FreeTTS + rule agent over HTTP, realtime) on free
 * loopback ports in their own Vert.x, with a {@link WsTap} in front of each WebSocket service so
 * tests see what the connector told them. One per test class: loading the model and voice takes a
 * few seconds.
 */
public final class LocalAi implements AutoCloseable {
  /** The greeting of {@link #settings(String, boolean)}; the local agent's own, word for word. */
  public static final String GREETING =
      "Hello, you are talking to the O A V C demo agent. How can I help you?";

  private final Vertx vertx;
  private final MeterRegistry meters;
  private final AiServices services;
  private final WsTap realtime;
  private final WsTap stt;
  private final HttpServer botConfig;

  private LocalAi(
      Vertx vertx,
      MeterRegistry meters,
      AiServices services,
      WsTap realtime,
      WsTap stt,
      HttpServer botConfig) {
    this.vertx = vertx;
    this.meters = meters;
    this.services = services;
    this.realtime = realtime;
    this.stt = stt;
    this.botConfig = botConfig;
  }

  public static LocalAi start() throws Exception {
    Vertx vertx = Vertx.vertx();
    MeterRegistry meters = new SimpleMeterRegistry();
    try {
      AiServices services =
          AiServices.start(
                  vertx,
                  new AiServicesOptions()
                      .setAiPort(0)
                      .setSttPort(0)
                      .setTtsPort(0)
                      .setMeterRegistry(meters))
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      // A bot-config service whose only answer is a greeting: the agent then talks first.
      HttpServer botConfig =
          vertx
              .createHttpServer()
              .requestHandler(
                  r ->
                      r.response()
                          .putHeader("Content-Type", "application/json")
                          .end(new JsonObject().put("greeting", GREETING).encode()))
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      return new LocalAi(
          vertx,
          meters,
          services,
          WsTap.start(vertx, services.aiPort()),
          WsTap.start(vertx, services.sttPort()),
          botConfig);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  public AiServices services() {
    return services;
  }

  /** The services' meters (oavc_aiservices_*). */
  public MeterRegistry meters() {
    return meters;
  }

  /** Relay in front of the realtime service. */
  public WsTap realtimeTap() {
    return realtime;
  }

  /** Relay in front of the STT service. */
  public WsTap sttTap() {
    return stt;
  }

  /**
   * Connector settings for {@code flavor} against these services, the WebSockets via the taps; with
   * {@code greet} the bot-config URL gives every call {@link #GREETING}.
   */
  public Map<String, String> settings(String flavor, boolean greet) {
    String http = "http://127.0.0.1:" + services.ttsPort();
    Map<String, String> s = new HashMap<>();
    s.put("AI_FLAVOR", flavor);
    s.put("AI_SERVICE_HOST", "127.0.0.1");
    s.put("AI_SERVICE_PORT", Integer.toString(realtime.port()));
    s.put("STT_SERVICE_PORT", Integer.toString(stt.port()));
    s.put("TTS_SERVICE_PORT", Integer.toString(services.ttsPort()));
    s.put("REALTIME_URL", realtime.url());
    s.put("STT_URL", stt.url());
    s.put("CHAT_URL", http + "/v1/chat/completions");
    s.put("TTS_URL", http + "/v1/audio/speech");
    if (greet) {
      s.put("AI_BOT_CONFIG_URL", "http://127.0.0.1:" + botConfig.actualPort() + "/bot");
    }
    return s;
  }

  @Override
  public void close() throws Exception {
    try {
      botConfig.close();
      realtime.close();
      stt.close();
      services.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
