package org.oavc.connector.media.session.impl;

import io.netty.channel.EventLoop;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.oavc.connector.media.session.MediaClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions on one event loop paced together. Every frame time the clock hands each group one task
 * for its loop, which runs the frame work of all its sessions in a row, instead of one clock tick
 * and one cross-thread task (often an event-loop wake-up) per session: at 1000 calls that is a few
 * thousand wake-ups per second instead of 50 000. Each loop's sessions are spread over {@link
 * #SLOTS} groups a tenth of a frame apart so the bursts stay short. The default ({@code
 * RtpSessionOptions#setGroupedPacing}, RTP_PACING): measured, the saved wake-ups are worth more
 * than the bursts cost.
 */
final class PacingGroups {
  private static final Logger log = LoggerFactory.getLogger("oavc.media");
  static final int SLOTS = 10;
  private static final Map<Key, Group> GROUPS = new ConcurrentHashMap<>();

  private PacingGroups() {}

  private record Key(MediaClock clock, EventLoop loop, int ptimeMs, int slot) {}

  /** A session's place in a group; {@link #leave()} once. */
  record Membership(Key key, Runnable frame) {
    void leave() {
      GROUPS.computeIfPresent(key, (k, g) -> g.remove(frame) ? g : null);
    }
  }

  /** Runs {@code frame} once per {@code ptimeMs} on {@code context}'s event loop from now on. */
  static Membership join(MediaClock clock, ContextInternal context, int ptimeMs, Runnable frame) {
    // The emptiest slot of this loop: a global round robin would line up with Vert.x's round
    // robin over the loops and leave half of each loop's slots empty (bursts twice as large).
    EventLoop loop = context.nettyEventLoop();
    int slot = 0;
    int fewest = Integer.MAX_VALUE;
    for (int i = 0; i < SLOTS; i++) {
      Group g = GROUPS.get(new Key(clock, loop, ptimeMs, i));
      int size = g == null ? 0 : g.size();
      if (size < fewest) {
        fewest = size;
        slot = i;
      }
    }
    Key key = new Key(clock, loop, ptimeMs, slot);
    GROUPS.compute(key, (k, g) -> (g == null ? new Group(k, context) : g).add(frame));
    return new Membership(key, frame);
  }

  /** Members per slot of {@code context}'s event loop (for tests). */
  static int[] slotSizes(MediaClock clock, ContextInternal context, int ptimeMs) {
    int[] sizes = new int[SLOTS];
    for (int i = 0; i < SLOTS; i++) {
      Group g = GROUPS.get(new Key(clock, context.nettyEventLoop(), ptimeMs, i));
      sizes[i] = g == null ? 0 : g.size();
    }
    return sizes;
  }

  /** Groups alive now (for tests). */
  static int groupCount() {
    return GROUPS.size();
  }

  private static final class Group {
    /** The first member's context: every member runs on the same event-loop thread. */
    private final ContextInternal context;

    private final MediaClock.Registration registration;
    private final Handler<Void> batch = v -> runAll();

    /** Copy-on-write; replaced under the map's lock for this key, read on the event loop. */
    private volatile Runnable[] members = new Runnable[0];

    Group(Key key, ContextInternal context) {
      this.context = context;
      long period = key.ptimeMs() * 1_000_000L;
      this.registration = key.clock().schedule(period, key.slot() * period / SLOTS, this::tick);
    }

    /** On the clock thread: one task for the whole group. */
    private void tick() {
      if (members.length > 0) {
        context.runOnContext(batch);
      }
    }

    private void runAll() {
      for (Runnable frame : members) {
        try {
          frame.run();
        } catch (RuntimeException e) {
          log.error("media frame failed", e); // one session's defect must not silence the others
        }
      }
    }

    int size() {
      return members.length;
    }

    Group add(Runnable frame) {
      Runnable[] m = Arrays.copyOf(members, members.length + 1);
      m[m.length - 1] = frame;
      members = m;
      return this;
    }

    /**
     * @return false when the group is now empty (and its clock registration cancelled)
     */
    boolean remove(Runnable frame) {
      Runnable[] m = members;
      for (int i = 0; i < m.length; i++) {
        if (m[i] == frame) {
          Runnable[] shorter = new Runnable[m.length - 1];
          System.arraycopy(m, 0, shorter, 0, i);
          System.arraycopy(m, i + 1, shorter, i, m.length - i - 1);
          members = shorter;
          break;
        }
      }
      if (members.length == 0) {
        registration.cancel();
        return false;
      }
      return true;
    }
  }
}
