package org.oavc.aiservices.impl;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalTime;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.aiservices.AiServices;
import org.oavc.aiservices.AiServicesOptions;
import org.oavc.aiservices.chat.AgentRules;
import org.oavc.aiservices.chat.ChatCompletionsHandler;
import org.oavc.aiservices.chat.RuleAgent;
import org.oavc.aiservices.realtime.RealtimeServer;
import org.oavc.aiservices.stt.SttMetrics;
import org.oavc.aiservices.stt.SttServer;
import org.oavc.aiservices.stt.VoskEngine;
import org.oavc.aiservices.tts.SpeechHandler;
import org.oavc.aiservices.tts.SpeechSynthesizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the engines (blocking, on a worker), then starts the STT and HTTP servers. */
public final class AiServicesImpl implements AiServices {
  private static final Logger LOG = LoggerFactory.getLogger(AiServicesImpl.class);
  private static final int MAX_HTTP_BODY_BYTES = 256 * 1024;

  private final Vertx vertx;
  private final VoskEngine engine;
  private final SpeechSynthesizer synthesizer;
  private final ExecutorService recognitionPool;
  private final SttMetrics sttMetrics;
  private final SttServer sttServer;
  private HttpServer httpServer;
  private RealtimeServer realtimeServer;
  private int aiPort;
  private int sttPort;
  private int ttsPort;

  private AiServicesImpl(
      Vertx vertx,
      VoskEngine engine,
      SpeechSynthesizer synthesizer,
      int recognitionThreads,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.engine = engine;
    this.synthesizer = synthesizer;
    AtomicInteger ids = new AtomicInteger();
    this.recognitionPool =
        Executors.newFixedThreadPool(
            recognitionThreads,
            r -> {
              Thread t = new Thread(r, "oavc-stt-" + ids.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.sttMetrics = new SttMetrics(registry);
    this.sttServer = new SttServer(vertx, engine, recognitionPool, sttMetrics);
  }

  public static Future<AiServices> start(Vertx vertx, AiServicesOptions options) {
    MeterRegistry registry =
        options.getMeterRegistry() != null ? options.getMeterRegistry() : new SimpleMeterRegistry();
    return vertx
        .<AiServicesImpl>executeBlocking(
            () -> {
              Path model = ModelLocator.locate(options.getModelPath());
              AgentRules rules =
                  AgentRules.load(
                      options.getAgentConfigPath() == null
                          ? null
                          : Paths.get(options.getAgentConfigPath()));
              VoskEngine engine = VoskEngine.load(model.toString());
              SpeechSynthesizer synthesizer = new SpeechSynthesizer(options.getSynthesisThreads());
              try {
                synthesizer.warmUp();
              } catch (Exception e) {
                synthesizer.close();
                engine.close();
                throw e;
              }
              LOG.info(
                  "AI services: Vosk model {}, FreeTTS voice {}", model, SpeechSynthesizer.VOICE);
              AiServicesImpl services =
                  new AiServicesImpl(
                      vertx, engine, synthesizer, options.getRecognitionThreads(), registry);
              RuleAgent agent = new RuleAgent(rules, LocalTime::now);
              services.httpServer =
                  vertx
                      .createHttpServer(
                          new HttpServerOptions()
                              .setHost(options.getHost())
                              .setPort(options.getTtsPort()))
                      .requestHandler(services.router(agent, registry));
              services.realtimeServer =
                  new RealtimeServer(
                      vertx, services.recognitionPool, engine, synthesizer, agent, registry);
              return services;
            },
            false)
        .compose(
            services ->
                services
                    .listen(options)
                    .recover(e -> services.close().transform(v -> Future.failedFuture(e))));
  }

  private Router router(RuleAgent agent, MeterRegistry registry) {
    Router router = Router.router(vertx);
    router.route("/v1/*").handler(BodyHandler.create().setBodyLimit(MAX_HTTP_BODY_BYTES));
    router.post("/v1/audio/speech").handler(new SpeechHandler(vertx, synthesizer, registry));
    router.post("/v1/chat/completions").handler(new ChatCompletionsHandler(agent));
    router.get("/health").handler(ctx -> ctx.response().end("ok\n"));
    return router;
  }

  private Future<AiServices> listen(AiServicesOptions options) {
    return sttServer
        .listen(options.getHost(), options.getSttPort(), options.getMaxAudioMessageBytes())
        .compose(
            port -> {
              sttPort = port;
              return httpServer.listen();
            })
        .compose(
            server -> {
              ttsPort = server.actualPort();
              return realtimeServer.listen(options.getHost(), options.getAiPort());
            })
        .map(
            port -> {
              aiPort = port;
              LOG.info(
                  "AI services listening: realtime ws://{}:{}, STT ws://{}:{}, TTS/chat http://{}:{}",
                  options.getHost(),
                  aiPort,
                  options.getHost(),
                  sttPort,
                  options.getHost(),
                  ttsPort);
              return this;
            });
  }

  @Override
  public int aiPort() {
    return aiPort;
  }

  @Override
  public int sttPort() {
    return sttPort;
  }

  @Override
  public int ttsPort() {
    return ttsPort;
  }

  @Override
  public int liveRecognizers() {
    return sttMetrics.liveRecognizers();
  }

  @Override
  public Future<Void> close() {
    Future<Void> http = httpServer == null ? Future.succeededFuture() : httpServer.close();
    Future<Void> realtime =
        realtimeServer == null ? Future.succeededFuture() : realtimeServer.close();
    return Future.join(sttServer.close(), http, realtime)
        .transform(
            ignored ->
                vertx.executeBlocking(
                    () -> {
                      // Recognisers are freed on their serial executors as connections close; let
                      // them finish.
                      recognitionPool.shutdown();
                      recognitionPool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
                      synthesizer.close();
                      engine.close();
                      return null;
                    },
                    false))
        .mapEmpty();
  }
}
