package org.oavc.connector.cluster;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that this process stood still (SIGSTOP, a VM suspended, a stalled event loop) longer than
 * the cluster's failure detection: the other members have declared it dead meanwhile and taken its
 * calls over. On waking it must give those calls up without touching SIP, and must not take
 * anyone's calls itself: its own view of the cluster is stale until it has merged back, and in that
 * view the live members look dead.
 */
public final class FreezeWatch {
  private static final Logger LOG = LoggerFactory.getLogger(FreezeWatch.class);
  private static final long TICK_MS = 250;

  private final long limitNanos;
  private volatile long lastTickNanos = System.nanoTime();
  private volatile long wokeNanos;
  private volatile boolean everFrozen;
  private long timer = -1;

  /** A freeze is a gap longer than {@code maxSilenceSeconds} (CLUSTER_MAX_SILENCE_S). */
  public FreezeWatch(int maxSilenceSeconds) {
    this.limitNanos = TimeUnit.SECONDS.toNanos(maxSilenceSeconds);
  }

  /** Starts watching; {@code onWake} runs (on the calling context) after each freeze. */
  public FreezeWatch start(Vertx vertx, Handler<Long> onWake) {
    lastTickNanos = System.nanoTime();
    timer =
        vertx.setPeriodic(
            TICK_MS,
            id -> {
              long now = System.nanoTime();
              long gap = now - lastTickNanos;
              lastTickNanos = now;
              if (gap > limitNanos) {
                wokeNanos = now;
                everFrozen = true;
                long ms = TimeUnit.NANOSECONDS.toMillis(gap);
                LOG.warn("cluster: this node stood still for {} ms: its calls are others' now", ms);
                onWake.handle(ms);
              }
            });
    return this;
  }

  public void stop(Vertx vertx) {
    vertx.cancelTimer(timer);
  }

  /**
   * True while waking from a freeze (the watch has not ticked since) and for two failure-detection
   * periods after, the time the cluster needs to agree on members again.
   */
  public boolean recentlyFrozen() {
    long now = System.nanoTime();
    return now - lastTickNanos > limitNanos || (everFrozen && now - wokeNanos < 2 * limitNanos);
  }
}
