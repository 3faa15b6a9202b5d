package org.oavc.connector.call;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The operator's limits on placing calls: at most OUTBOUND_MAX_CONCURRENT outbound calls at once
 * and OUTBOUND_CALLS_PER_SECOND INVITEs per second. Requests beyond them wait in a bounded FIFO
 * rather than being refused; only a full queue refuses. Confined to the controller's event loop.
 */
final class OutboundQueue {
  private record Waiting(OutboundRequest request, Promise<String> key) {}

  private final Vertx vertx;
  private final OutboundOptions options;
  private final IntSupplier active;
  private final Function<OutboundRequest, Future<String>> place;
  private final Deque<Waiting> waiting = new ArrayDeque<>();
  private final long intervalNanos;
  private long nextStartNanos = System.nanoTime();
  private long timer = -1;

  /**
   * @param active outbound calls that count against the concurrency limit now
   * @param place places one call (sends the INVITE); yields its key
   */
  OutboundQueue(
      Vertx vertx,
      OutboundOptions options,
      IntSupplier active,
      Function<OutboundRequest, Future<String>> place) {
    this.vertx = vertx;
    this.options = options;
    this.active = active;
    this.place = place;
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / options.callsPerSecond();
  }

  /** Completes with the key once the call is placed; fails at once when the queue is full. */
  Future<String> submit(OutboundRequest request) {
    if (waiting.size() >= options.queueSize() && !canStartNow()) {
      return Future.failedFuture(
          new OutboundRefusedException(
              "outbound queue full (" + options.queueSize() + " waiting)", true));
    }
    Promise<String> key = Promise.promise();
    waiting.add(new Waiting(request, key));
    pump();
    return key.future();
  }

  int waiting() {
    return waiting.size();
  }

  /** Refuses everything still waiting (shutdown). */
  void refuseAll(String why) {
    Waiting w;
    while ((w = waiting.poll()) != null) {
      w.key().tryFail(new OutboundRefusedException(why, false));
    }
  }

  /** Starts what the limits allow now, and looks again later while anything waits. */
  void pump() {
    while (!waiting.isEmpty() && canStartNow()) {
      nextStartNanos = Math.max(nextStartNanos, System.nanoTime()) + intervalNanos;
      Waiting w = waiting.poll();
      place.apply(w.request()).onComplete(w.key());
    }
    if (!waiting.isEmpty() && timer < 0) {
      // a call ending frees a slot without telling us: look again soon
      long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextStartNanos - System.nanoTime()));
      timer =
          vertx.setTimer(
              Math.min(waitMs, 100),
              id -> {
                timer = -1;
                pump();
              });
    }
  }

  private boolean canStartNow() {
    return active.getAsInt() < options.maxConcurrent() && System.nanoTime() >= nextStartNanos;
  }
}
