package org.oavc.connector.media.session.impl;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.oavc.connector.media.session.MediaClock;

/**
 * Runs a session's frame work once per packet time on the session's event loop: dispatched by the
 * shared {@link MediaClock} (absolute schedule), or by a Vert.x periodic timer when the options ask
 * for event-loop pacing. Confined to the session's event loop.
 */
final class FramePacer {
  private final Vertx vertx;
  private final ContextInternal context;
  private final MediaClock clock;
  private final boolean eventLoopPacing;
  private final Handler<Void> frame;
  private MediaClock.Registration registration;
  private long timer = -1;
  private int ptimeMs;
  private volatile boolean stopped;

  FramePacer(Vertx vertx, ContextInternal context, MediaClock clock, boolean eventLoopPacing, Runnable frame) {
    this.vertx = vertx;
    this.context = context;
    this.clock = clock;
    this.eventLoopPacing = eventLoopPacing;
    this.frame = v -> frame.run();
  }

  /** Paces at {@code ptimeMs}; a change of packet time restarts the schedule. */
  void pace(int ptimeMs) {
    if (stopped || this.ptimeMs == ptimeMs) {
      return;
    }
    cancel();
    this.ptimeMs = ptimeMs;
    if (eventLoopPacing) {
      timer = vertx.setPeriodic(ptimeMs, id -> frame.handle(null));
    } else {
      registration = clock.schedule(ptimeMs * 1_000_000L, this::tick);
    }
  }

  /**
   * One frame time, on the clock thread: hands the frame to the session's event loop, where the
   * packet is written straight to its socket (a send from a foreign thread would be queued to that
   * loop anyway, at higher cost).
   */
  private void tick() {
    if (!stopped) {
      context.runOnContext(frame);
    }
  }

  void stop() {
    stopped = true;
    cancel();
  }

  private void cancel() {
    if (registration != null) {
      registration.cancel();
      registration = null;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
