package org.oavc.connector.media.session.impl;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.oavc.connector.media.session.MediaClock;

/**
 * Runs a session's frame work once per packet time on the session's event loop: dispatched by the
 * shared {@link MediaClock} (absolute schedule), alone or in a group with the other sessions of
 * that loop, or by a Vert.x periodic timer when the options ask for event-loop pacing. Confined to
 * the session's event loop.
 */
final class FramePacer {
  private final Vertx vertx;
  private final ContextInternal context;
  private final MediaClock clock;
  private final boolean eventLoopPacing;
  private final boolean grouped;
  private MediaClock.Registration registration;
  private final Handler<Void> frame;
  private final Runnable frameTask;
  private PacingGroups.Membership membership;
  private long timer = -1;
  private int ptimeMs;
  private volatile boolean stopped;

  FramePacer(
      Vertx vertx,
      ContextInternal context,
      MediaClock clock,
      boolean eventLoopPacing,
      boolean grouped,
      Runnable frame) {
    this.vertx = vertx;
    this.context = context;
    this.clock = clock;
    this.eventLoopPacing = eventLoopPacing;
    this.grouped = grouped;
    this.frame = v -> frame.run();
    this.frameTask = frame;
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
    } else if (grouped) {
      // The frame runs on the session's event loop, where the packet is written straight to its
      // socket, batched with the other sessions of that loop (see PacingGroups).
      membership = PacingGroups.join(clock, context, ptimeMs, frameTask);
    } else {
      registration = clock.schedule(ptimeMs * 1_000_000L, this::tick);
    }
  }

  /** One frame time of an ungrouped session, on the clock thread: one task for its loop. */
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
    if (membership != null) {
      membership.leave();
      membership = null;
    }
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
