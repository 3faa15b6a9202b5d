package org.oavc.connector.ai.pipeline.impl;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiSessionFactory;
import org.oavc.connector.ai.CalleeTranscript;
import org.oavc.connector.ai.FlavorMetrics;
import org.oavc.connector.ai.pipeline.PipelineFlavor;
import org.oavc.connector.ai.pipeline.PipelineOptions;

/**
 * Makes pipeline sessions; owns the one OkHttp client (dispatcher threads and connection pool) its
 * sessions share, and shuts it down on {@link #close()}.
 */
public final class PipelineSessionFactory implements AiSessionFactory {
  /** Concurrent chat/speech requests; OkHttp's default of 5 per host would queue calls' turns. */
  private static final int MAX_REQUESTS = 512;

  private static final AtomicInteger FACTORIES = new AtomicInteger();

  private final Vertx vertx;
  private final PipelineOptions config;
  private final FlavorMetrics metrics;
  private final OkHttpClient http;
  private final ThreadPoolExecutor dispatcherThreads;
  private final String threadPrefix;
  private boolean closed;

  public PipelineSessionFactory(Vertx vertx, PipelineOptions config, MeterRegistry meters) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = new FlavorMetrics(meters, PipelineFlavor.FLAVOR);
    AtomicInteger n = new AtomicInteger();
    threadPrefix = threadPrefix(FACTORIES.incrementAndGet());
    dispatcherThreads =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    Dispatcher dispatcher = new Dispatcher(dispatcherThreads);
    dispatcher.setMaxRequests(MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
    long timeout = config.connectTimeoutMillis();
    http =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(8, 30, TimeUnit.SECONDS))
            .connectTimeout(timeout, TimeUnit.MILLISECONDS)
            .readTimeout(config.readTimeoutMillis(), TimeUnit.MILLISECONDS)
            .writeTimeout(timeout, TimeUnit.MILLISECONDS)
            .build();
  }

  /** Name prefix of the HTTP threads of the factory made {@code sequence}-th (for leak checks). */
  static String threadPrefix(int sequence) {
    return "oavc-pipeline-http-" + sequence + "-";
  }

  /** Name prefix of this factory's HTTP threads. */
  public String threadPrefix() {
    return threadPrefix;
  }

  @Override
  public String flavor() {
    return PipelineFlavor.FLAVOR;
  }

  @Override
  public AiSession create(AiCallInfo info, AgentProfile profile) {
    return new PipelineSession(vertx, new PipelineBackends(http, config), metrics);
  }

  @Override
  public CalleeTranscript transcribe(Context context, int sampleRate, Consumer<String> onText) {
    CalleeSpeechTranscript t =
        new CalleeSpeechTranscript(context, config, sampleRate, onText, metrics);
    context.runOnContext(v -> t.open());
    return t;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    http.dispatcher().cancelAll();
    dispatcherThreads.shutdown();
    http.connectionPool().evictAll();
  }
}
