package org.oavc.connector.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.oavc.connector.call.CallController;
import org.oavc.connector.call.CallPolicy;
import org.oavc.connector.call.CallRegistry;
import org.oavc.connector.config.OavcConfig;
import org.oavc.connector.media.port.LocalPortPool;
import org.oavc.connector.opensips.EventListener;
import org.oavc.connector.opensips.EventListenerOptions;
import org.oavc.connector.opensips.MiClient;
import org.oavc.connector.opensips.MiClientOptions;
import org.oavc.connector.sdp.SdpAnswerer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rehearses calls through the signalling path once per JVM, before the daemon subscribes: captured
 * NEW event datagram -> listener -> parse -> call set-up -> port -> SDP answer -> MI request ->
 * reply -> BYE -> end. Without it the first real calls pay for class loading and run interpreted.
 * Nothing reaches OpenSIPS ({@link WarmupOpenSips} answers on loopback), and nothing stays behind:
 * the rehearsal has its own Vert.x (built as the daemon's, so the same transport and metrics code
 * runs), meter registry, port pool and call registry, all dropped after.
 */
public final class SignallingWarmup {
  private static final Logger log = LoggerFactory.getLogger(SignallingWarmup.class);

  /** Set once the rehearsal ran in this JVM (the JIT's work is per JVM). */
  static final AtomicBoolean JVM_WARM = new AtomicBoolean();

  private static final int IN_FLIGHT = 4;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private SignallingWarmup() {}

  /** {@link #run} the first time in this JVM; never fails (a cold first call still works). */
  public static Future<Void> once(OavcConfig config) {
    // SIGNALLING_WARMUP_CALLS (1000): about 1.5-2 s at start on 2 cores. More bought little: with
    // 3000 or 5000 the JIT still spent 2.6-3.4 s of CPU in the first 200 real calls, on code the
    // rehearsal does not run (RTP, AI).
    int calls = config.signallingWarmupCalls;
    if (calls == 0 || !JVM_WARM.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    long start = System.nanoTime();
    return Future.<Void>succeededFuture()
        .compose(v -> run(config, calls)) // a throw fails only the rehearsal
        .onSuccess(
            answered ->
                log.info(
                    "signalling warm-up: {} rehearsal calls answered in {} ms",
                    answered,
                    (System.nanoTime() - start) / 1_000_000))
        .onFailure(
            e -> log.warn("signalling warm-up failed (the first calls run cold): {}", e.toString()))
        .<Void>mapEmpty()
        .otherwise((Void) null);
  }

  /**
   * Places {@code calls} rehearsal calls and completes with how many were answered, once none is
   * left and the rehearsal's Vert.x is closed. Its thread's log lines are dropped meanwhile.
   */
  static Future<Integer> run(OavcConfig config, int calls) {
    // The daemon's kind of registry, so that recording into its meters is rehearsed too.
    MeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Built on a thread of its own: building blocks, and Vert.x warns when one is built on
    // another's thread.
    return Future.fromCompletionStage(
            CompletableFuture.supplyAsync(
                () -> OavcDaemon.newVertx(config, meters, "oavc-warmup"),
                task -> new Thread(task, "oavc-warmup-start").start()))
        .compose(
            vertx -> {
              Promise<Integer> done = Promise.promise();
              vertx.runOnContext(
                  v -> {
                    Runnable unmute =
                        ThreadLogMute.muteCurrentThread(); // every rehearsal component runs here
                    rehearse(vertx, config, meters, calls)
                        .onComplete(
                            ar -> {
                              unmute.run();
                              done.handle(ar);
                            });
                  });
              return done.future().eventually(vertx::close);
            });
  }

  /** On one context of {@code vertx}: OpenSIPS's stand-in, MI client, controller, listener. */
  private static Future<Integer> rehearse(
      Vertx vertx, OavcConfig config, MeterRegistry meters, int calls) {
    WarmupOpenSips openSips = new WarmupOpenSips(vertx);
    IdleMediaSessions media = new IdleMediaSessions();
    CallRegistry registry = new CallRegistry(1);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    return openSips
        .listen()
        .compose(
            miPort -> {
              MiClient mi =
                  MiClient.create(
                      vertx,
                      new MiClientOptions()
                          .setHost("127.0.0.1")
                          .setPort(miPort)
                          .setTimeout(Duration.ofSeconds(2))
                          .setRetries(0)
                          .setMeterRegistry(meters));
              CallController controller =
                  new CallController(
                      vertx,
                      mi,
                      new LocalPortPool(config.rtpMinPort, config.rtpMaxPort, meters),
                      media,
                      new SdpAnswerer(
                          CallControlVerticle.sdpOptions(config).setMeterRegistry(meters)),
                      registry,
                      CallPolicy.from(config).withoutRing(),
                      meters);
              EventListener listener =
                  EventListener.create(
                      vertx,
                      new EventListenerOptions()
                          .setHost("127.0.0.1")
                          .setPort(0)
                          .setMeterRegistry(meters));
              listener.handler(controller::handle);
              return listener
                  .listen()
                  .compose(eventPort -> openSips.play(calls, IN_FLIGHT, eventPort))
                  .compose(answered -> drained(vertx, registry, media, deadline).map(answered))
                  .eventually(listener::close)
                  .eventually(mi::close);
            })
        .eventually(openSips::close);
  }

  /** Completes when no rehearsal call and no media session is left; fails at the deadline. */
  private static Future<Void> drained(
      Vertx vertx, CallRegistry registry, IdleMediaSessions media, long deadline) {
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(
        0,
        5,
        id -> {
          if (registry.activeCount() == 0 && media.open() == 0) {
            vertx.cancelTimer(id);
            done.tryComplete();
          } else if (System.nanoTime() > deadline) {
            vertx.cancelTimer(id);
            done.tryFail("rehearsal calls still live: " + registry.activeCount());
          }
        });
    return done.future();
  }
}
