package org.oavc.connector.opensips.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.opensips.EventSubscription;
import org.oavc.connector.opensips.EventSubscriptionOptions;
import org.oavc.connector.opensips.MiClient;
import org.oavc.connector.opensips.MiException;
import org.oavc.connector.opensips.MiTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three independent loops on one context: subscribe/renew (with backoff while OpenSIPS is silent),
 * uptime polling (restart detection) and the heartbeat. They share nothing but the MI client, so a
 * failing heartbeat can never hold up the subscription.
 */
public final class EventSubscriptionImpl implements EventSubscription {
  private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);

  private enum Health {
    UNKNOWN,
    OK,
    FAILING
  }

  private final Vertx vertx;
  private final MiClient mi;
  private final EventSubscriptionOptions options;
  private final Context context;
  private final String socket;
  private final List<Handler<Void>> restartHandlers = new CopyOnWriteArrayList<>();
  private final Counter restarts;
  private volatile boolean subscribed;
  private volatile long subscribedUntilNanos;
  private volatile Instant lastMiSuccess;

  // Confined to `context`.
  private boolean started;
  private boolean stopped;
  private long subscribeTimer = -1;
  private long uptimeTimer = -1;
  private long heartbeatTimer = -1;
  private long backoffMs;
  private int generation;
  private Future<Void> subscribeInFlight;
  private Health subscribeHealth = Health.UNKNOWN;
  private String lastSubscribeFailure;
  private Health heartbeatHealth = Health.UNKNOWN;
  private boolean heartbeatInFlight;
  private boolean uptimeInFlight;
  private String upSince;
  private long upTimeSeconds = -1;

  public EventSubscriptionImpl(Vertx vertx, MiClient mi, EventSubscriptionOptions options) {
    options.validate();
    this.vertx = vertx;
    this.mi = mi;
    this.options = options;
    this.context = vertx.getOrCreateContext();
    this.socket = options.subscriberSocket();
    this.backoffMs = options.getInitialBackoff().toMillis();
    this.restarts =
        Counter.builder("oavc_opensips_restarts_total")
            .description("OpenSIPS restarts detected through MI uptime")
            .register(options.getMeterRegistry());
    Gauge.builder("oavc_opensips_subscribed", this, s -> s.isSubscribed() ? 1 : 0)
        .description("1 while the E_UA_SESSION subscription is believed active")
        .register(options.getMeterRegistry());
  }

  private void onContext(Runnable r) {
    Contexts.runOn(context, r);
  }

  @Override
  public EventSubscription onRestart(Handler<Void> handler) {
    restartHandlers.add(handler);
    return this;
  }

  @Override
  public Future<Void> start() {
    Promise<Void> p = Promise.promise();
    onContext(
        () -> {
          if (started) {
            p.complete();
            return;
          }
          started = true;
          subscribe();
          pollUptime();
          uptimeTimer =
              vertx.setPeriodic(millis(options.getUptimePollInterval()), t -> pollUptime());
          if (heartbeatEnabled()) {
            heartbeat();
            heartbeatTimer =
                vertx.setPeriodic(millis(options.getHeartbeatInterval()), t -> heartbeat());
          }
          p.complete();
        });
    return Contexts.deliverTo(Vertx.currentContext(), context, p.future());
  }

  @Override
  public boolean isSubscribed() {
    return subscribed && System.nanoTime() - subscribedUntilNanos < 0;
  }

  @Override
  public Instant lastMiSuccess() {
    return lastMiSuccess;
  }

  @Override
  public String subscriberSocket() {
    return socket;
  }

  private static long millis(Duration d) {
    return Math.max(1, d.toMillis());
  }

  // ---- subscription -----------------------------------------------------------------------

  private void subscribe() {
    if (stopped) {
      return;
    }
    cancelSubscribeTimer();
    int gen = ++generation;
    long sentAt = System.nanoTime();
    Future<Void> f = mi.eventSubscribe(options.getEvent(), socket, options.getExpireSeconds());
    subscribeInFlight = f;
    f.onComplete(
        ar ->
            onContext(
                () -> {
                  if (subscribeInFlight == f) {
                    subscribeInFlight = null;
                  }
                  if (ar.succeeded()) {
                    lastMiSuccess = Instant.now();
                  }
                  if (stopped || gen != generation) {
                    return; // superseded by a newer attempt (restart) or stopped
                  }
                  if (ar.succeeded()) {
                    onSubscribed(sentAt);
                  } else {
                    onSubscribeFailed(ar.cause());
                  }
                }));
  }

  private void onSubscribed(long sentAtNanos) {
    subscribedUntilNanos = sentAtNanos + TimeUnit.SECONDS.toNanos(options.getExpireSeconds());
    subscribed = true;
    if (subscribeHealth != Health.OK) {
      LOG.info(
          "subscribed {} to {} (expire {} s, renewed every {} ms){}",
          socket,
          options.getEvent(),
          options.getExpireSeconds(),
          options.getRenewInterval().toMillis(),
          subscribeHealth == Health.FAILING ? ": OpenSIPS answers again" : "");
    }
    subscribeHealth = Health.OK;
    lastSubscribeFailure = null;
    backoffMs = options.getInitialBackoff().toMillis();
    scheduleSubscribe(millis(options.getRenewInterval()));
  }

  private void onSubscribeFailed(Throwable cause) {
    subscribed = false;
    String kind =
        cause instanceof MiTimeoutException
            ? "no answer"
            : cause instanceof MiException e ? e.code() + " " + e.miMessage() : cause.toString();
    if (subscribeHealth != Health.FAILING || !kind.equals(lastSubscribeFailure)) {
      // Log the transition (and a change of reason), never every attempt.
      LOG.warn(
          "cannot subscribe {} to {}: {}; retrying with backoff up to {} ms until it works",
          socket,
          options.getEvent(),
          cause.getMessage(),
          options.getMaxBackoff().toMillis());
    }
    subscribeHealth = Health.FAILING;
    lastSubscribeFailure = kind;
    scheduleSubscribe(backoffMs);
    backoffMs = Math.min(Math.max(1, backoffMs * 2), options.getMaxBackoff().toMillis());
  }

  private void scheduleSubscribe(long delayMs) {
    cancelSubscribeTimer();
    subscribeTimer =
        vertx.setTimer(
            Math.max(1, delayMs),
            t -> {
              subscribeTimer = -1;
              subscribe();
            });
  }

  private void cancelSubscribeTimer() {
    if (subscribeTimer != -1) {
      vertx.cancelTimer(subscribeTimer);
      subscribeTimer = -1;
    }
  }

  // ---- restart detection ------------------------------------------------------------------

  private void pollUptime() {
    if (stopped || uptimeInFlight) {
      return;
    }
    uptimeInFlight = true;
    mi.uptime()
        .onComplete(
            ar ->
                onContext(
                    () -> {
                      uptimeInFlight = false;
                      if (ar.succeeded()) {
                        lastMiSuccess = Instant.now();
                        if (!stopped) {
                          checkUptime(ar.result());
                        }
                      }
                    }));
  }

  private void checkUptime(JsonObject uptime) {
    Object sinceValue = uptime.getValue("Up since");
    String since = sinceValue == null ? null : sinceValue.toString();
    long seconds = leadingNumber(uptime.getValue("Up time"));
    boolean sinceChanged = upSince != null && since != null && !since.equals(upSince);
    // "Up since" has one-second resolution; a smaller "Up time" catches a quick restart too.
    boolean upTimeWentBack = upTimeSeconds >= 0 && seconds >= 0 && seconds < upTimeSeconds;
    String before = upSince;
    if (since != null) {
      upSince = since;
    }
    upTimeSeconds = seconds;
    if (sinceChanged || upTimeWentBack) {
      onRestartDetected(before, since);
    }
  }

  private static long leadingNumber(Object v) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v == null) {
      return -1;
    }
    String s = v.toString().trim();
    int end = 0;
    while (end < s.length() && end < 18 && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return end == 0 ? -1 : Long.parseLong(s.substring(0, end));
  }

  private void onRestartDetected(String before, String now) {
    LOG.warn(
        "OpenSIPS restarted (up since {} -> {}): its subscriptions and sessions are gone;"
            + " resubscribing now",
        before,
        now);
    restarts.increment();
    subscribed = false;
    backoffMs = options.getInitialBackoff().toMillis();
    subscribe();
    if (heartbeatEnabled()) {
      heartbeat();
    }
    for (Handler<Void> h : restartHandlers) {
      try {
        h.handle(null);
      } catch (RuntimeException e) {
        LOG.error("restart handler failed", e);
      }
    }
  }

  // ---- heartbeat --------------------------------------------------------------------------

  private boolean heartbeatEnabled() {
    return options.getHeartbeatKey() != null && !options.getHeartbeatKey().isEmpty();
  }

  private void heartbeat() {
    if (stopped || heartbeatInFlight) {
      return;
    }
    heartbeatInFlight = true;
    mi.cacheStore(
            options.getHeartbeatSystem(),
            options.getHeartbeatKey(),
            options.getHeartbeatValue(),
            options.getHeartbeatExpireSeconds())
        .onComplete(
            ar ->
                onContext(
                    () -> {
                      heartbeatInFlight = false;
                      if (ar.succeeded()) {
                        lastMiSuccess = Instant.now();
                      }
                      if (!stopped) {
                        onHeartbeatResult(ar.cause());
                      }
                    }));
  }

  private void onHeartbeatResult(Throwable failure) {
    if (failure == null) {
      if (heartbeatHealth == Health.FAILING) {
        LOG.info("heartbeat {} stored again", options.getHeartbeatKey());
      }
      heartbeatHealth = Health.OK;
      return;
    }
    if (failure instanceof MiTimeoutException) {
      return; // OpenSIPS silent: the subscription loop reports that state
    }
    if (heartbeatHealth != Health.FAILING) {
      // -32601: no cache_store at all; 500 "Cache store command failed": cachedb_local missing.
      LOG.warn(
          "heartbeat cache_store {} {} failed: {}. Is cachedb_local loaded? The OpenSIPS"
              + " script cannot see this connector alive; events still flow, will keep trying",
          options.getHeartbeatSystem(),
          options.getHeartbeatKey(),
          failure.getMessage());
    }
    heartbeatHealth = Health.FAILING;
  }

  // ---- stop -------------------------------------------------------------------------------

  @Override
  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    onContext(
        () -> {
          if (stopped || !started) {
            stopped = true;
            done.complete();
            return;
          }
          stopped = true;
          subscribed = false;
          cancelSubscribeTimer();
          vertx.cancelTimer(uptimeTimer);
          vertx.cancelTimer(heartbeatTimer);
          long bound =
              vertx.setTimer(
                  millis(options.getStopTimeout()),
                  t -> {
                    if (done.tryComplete()) {
                      LOG.warn(
                          "unsubscribe of {} unanswered within {} ms",
                          socket,
                          options.getStopTimeout().toMillis());
                    }
                  });
          // Let an in-flight subscribe go first, or it could re-add us after the unsubscribe.
          Future<Void> before =
              subscribeInFlight == null
                  ? Future.succeededFuture()
                  : subscribeInFlight.transform(ar -> Future.succeededFuture());
          before
              .compose(v -> unsubscribe())
              .onComplete(
                  ar -> {
                    vertx.cancelTimer(bound);
                    if (ar.failed()) {
                      LOG.warn("unsubscribe of {} failed: {}", socket, ar.cause().getMessage());
                    } else {
                      LOG.info("unsubscribed {} from {}", socket, options.getEvent());
                    }
                    done.tryComplete();
                  });
        });
    return Contexts.deliverTo(Vertx.currentContext(), context, done.future());
  }

  private Future<Object> unsubscribe() {
    if (heartbeatEnabled()) {
      // Best effort: OpenSIPS stops handing us calls now instead of when the key expires.
      mi.call(
              "cache_remove",
              new JsonObject()
                  .put("system", options.getHeartbeatSystem())
                  .put("attr", options.getHeartbeatKey()),
              false)
          .onFailure(e -> LOG.debug("heartbeat cache_remove failed: {}", e.getMessage()));
    }
    // Not retried: one attempt, bounded by the MI timeout.
    return mi.call(
        "event_subscribe",
        new JsonObject().put("event", options.getEvent()).put("socket", socket).put("expire", 0),
        false);
  }
}
