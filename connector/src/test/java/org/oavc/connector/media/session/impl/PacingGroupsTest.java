package org.oavc.connector.media.session.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.oavc.connector.media.session.MediaClock;
import org.oavc.connector.vertx.VertxInternals;

/** Grouped pacing: every member runs each frame time on its own event loop; leaving stops it. */
class PacingGroupsTest {

  @Test
  void membersRunOnTheirLoopUntilTheyLeaveAndEmptyGroupsGo() throws Exception {
    Vertx vertx = Vertx.vertx();
    MediaClock clock = new MediaClock("test-pacing-groups");
    try {
      int before = PacingGroups.groupCount();
      List<AtomicInteger> runs = new ArrayList<>();
      List<PacingGroups.Membership> members = new ArrayList<>();
      Set<String> wrongThread = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 12; i++) {
        ContextInternal ctx = VertxInternals.newEventLoopContext(vertx);
        AtomicInteger n = new AtomicInteger();
        runs.add(n);
        members.add(
            PacingGroups.join(
                clock,
                ctx,
                20,
                () -> {
                  if (!ctx.nettyEventLoop().inEventLoop()) {
                    wrongThread.add(Thread.currentThread().getName());
                  }
                  n.incrementAndGet();
                }));
      }
      // 12 members over at most SLOTS groups per event loop: fewer clock registrations than
      // sessions.
      assertThat(PacingGroups.groupCount() - before).isBetween(1, 12);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> runs.stream().allMatch(n -> n.get() >= 10));
      assertThat(wrongThread).isEmpty();

      members.forEach(PacingGroups.Membership::leave);
      assertThat(PacingGroups.groupCount()).isEqualTo(before);
      Thread.sleep(100); // a batch already queued may still run once
      int[] frozen = runs.stream().mapToInt(AtomicInteger::get).toArray();
      Thread.sleep(200);
      assertThat(runs.stream().mapToInt(AtomicInteger::get).toArray()).isEqualTo(frozen);
    } finally {
      clock.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aLoopsMembersFillItsSlotsEvenly() throws Exception {
    Vertx vertx = Vertx.vertx();
    MediaClock clock = new MediaClock("test-pacing-slots");
    try {
      ContextInternal ctx = VertxInternals.newEventLoopContext(vertx);
      List<PacingGroups.Membership> members = new ArrayList<>();
      for (int i = 0; i < 3 * PacingGroups.SLOTS; i++) {
        members.add(PacingGroups.join(clock, ctx, 20, () -> {}));
      }
      assertThat(PacingGroups.slotSizes(clock, ctx, 20)).containsOnly(3);
      // Leaving frees a slot, and the next member fills exactly that one.
      members.get(4).leave();
      members.get(7).leave();
      int[] gaps = PacingGroups.slotSizes(clock, ctx, 20);
      assertThat(java.util.Arrays.stream(gaps).filter(n -> n == 2).count()).isEqualTo(2);
      members.add(PacingGroups.join(clock, ctx, 20, () -> {}));
      members.add(PacingGroups.join(clock, ctx, 20, () -> {}));
      assertThat(PacingGroups.slotSizes(clock, ctx, 20)).containsOnly(3);
      for (int i = 0; i < members.size(); i++) {
        if (i != 4 && i != 7) {
          members.get(i).leave();
        }
      }
      assertThat(PacingGroups.slotSizes(clock, ctx, 20)).containsOnly(0);
    } finally {
      clock.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
