package org.oavc.connector.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.oavc.connector.cluster.ClusterMember;
import org.oavc.connector.cluster.ClusterMembers;
import org.oavc.connector.media.port.PortsExhaustedException;

/**
 * Three leasing members, 500 lease/hold/release cycles each, 25 at a time on a range too small for
 * all of them (so nodes contend for the same ports; the run lasts about half a minute), while two
 * more members holding partitions of the lease map are shut down (gracefully, or killed as by a
 * crash) and restarted at random: no port is ever held by two calls at once, and once every call
 * released, the map is empty.
 */
class HazelcastPortPoolChurnTest {
  private static final int LEASERS = 3;
  private static final int CYCLES = 500;
  private static final int IN_FLIGHT = 25;
  private static final int MIN_PORT = 43000;
  private static final int MAX_PORT = 43119; // 60 pairs for up to 75 calls at once

  private final Map<Integer, String> holders = new ConcurrentHashMap<>();
  private final Queue<String> problems = new ConcurrentLinkedQueue<>();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger exhausted = new AtomicInteger();
  private final AtomicInteger callIds = new AtomicInteger();

  @Test
  void noPortIsEverLeasedTwiceNorLostUnderMemberChurn() throws Exception {
    Vertx vertx = Vertx.vertx();
    ClusterMembers cluster = new ClusterMembers(LEASERS + 2);
    List<ClusterMember> leasers = new ArrayList<>();
    for (int i = 0; i < LEASERS; i++) {
      leasers.add(cluster.start(vertx, i));
    }
    ClusterMember[] churners = {cluster.start(vertx, LEASERS), cluster.start(vertx, LEASERS + 1)};
    List<HazelcastPortPool> pools = new ArrayList<>();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    for (ClusterMember m : leasers) {
      HazelcastPortPool pool = new HazelcastPortPool(vertx, m, MIN_PORT, MAX_PORT, meters);
      pool.auditEvery(Duration.ofMillis(500));
      pools.add(pool);
    }

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger churns = new AtomicInteger();
    Thread churn =
        new Thread(
            () -> {
              Random random = new Random(19);
              while (running.get()) {
                int which = random.nextInt(churners.length);
                if (random.nextBoolean()) {
                  churners[which].hazelcast().getLifecycleService().terminate(); // a crash
                } else {
                  churners[which].hazelcast().shutdown(); // a graceful leave
                }
                awaitSafe(running(leasers, churners));
                if (!running.get()) {
                  break;
                }
                churners[which] = cluster.start(vertx, LEASERS + which);
                awaitSafe(running(leasers, churners));
                churns.incrementAndGet();
              }
            },
            "churn");
    churn.start();

    for (int n = 0; n < LEASERS; n++) {
      HazelcastPortPool pool = pools.get(n);
      AtomicInteger started = new AtomicInteger();
      for (int k = 0; k < IN_FLIGHT; k++) {
        vertx.runOnContext(v -> cycle(vertx, pool, started));
      }
    }
    await()
        .atMost(Duration.ofMinutes(4))
        .until(() -> done.get() == LEASERS * CYCLES || !problems.isEmpty());
    running.set(false);
    churn.join(Duration.ofMinutes(2).toMillis());

    System.out.printf(
        "churn: %d member restarts, %d exhausted retries, %d cycles; audit %s%n",
        churns.get(),
        exhausted.get(),
        done.get(),
        meters.find("oavc_rtp_port_lease_audit_total").counters().stream()
            .map(c -> c.getId().getTag("result") + "=" + (long) c.count())
            .toList());
    assertThat(problems).isEmpty();
    assertThat(done.get()).isEqualTo(LEASERS * CYCLES);
    assertThat(churns.get()).as("member restarts during the run").isPositive();
    awaitSafe(running(leasers, churners));
    for (HazelcastPortPool pool : pools) {
      assertThat(pool.inUse()).isZero();
    }
    // A crash may still undo an acknowledged write (see HazelcastPortPool#audit): a freed lease
    // that came back is freed by its node's next audit.
    await("every lease freed in the map")
        .atMost(Duration.ofSeconds(10))
        .until(() -> HazelcastPortPoolTest.await(pools.get(0).clusterLeases()).isEmpty());

    for (ClusterMember m : churners) {
      m.hazelcast().getLifecycleService().terminate();
    }
    for (ClusterMember m : leasers) {
      HazelcastPortPoolTest.await(m.leave());
    }
    HazelcastPortPoolTest.await(vertx.close());
  }

  /** Lease, hold a few ms, release; then the next cycle, until this node did CYCLES. */
  private void cycle(Vertx vertx, HazelcastPortPool pool, AtomicInteger started) {
    if (started.incrementAndGet() > CYCLES) {
      return;
    }
    int id = callIds.incrementAndGet();
    lease(vertx, pool, started, "call-" + id, id % 5 != 0); // a fifth are single ports
  }

  private void lease(
      Vertx vertx, HazelcastPortPool pool, AtomicInteger started, String call, boolean pair) {
    pool.acquire(call, pair)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                if (ar.cause() instanceof PortsExhaustedException) {
                  exhausted.incrementAndGet();
                  vertx.setTimer(
                      20, t -> lease(vertx, pool, started, call, pair)); // all busy: later
                } else {
                  problems.add(call + " lease failed: " + ar.cause());
                }
                return;
              }
              int port = ar.result();
              List<Integer> held = pair ? List.of(port, port + 1) : List.of(port);
              for (int p : held) {
                String before = holders.putIfAbsent(p, call);
                if (before != null) {
                  problems.add(
                      "port " + p + " leased to " + call + " while " + before + " held it");
                }
              }
              // Held like a (very short) call: long enough for the run to span several restarts.
              vertx.setTimer(
                  200 + ThreadLocalRandom.current().nextInt(800),
                  t -> {
                    for (int p : held) {
                      holders.remove(p, call);
                    }
                    pool.release(port)
                        .onComplete(
                            r -> {
                              if (r.failed()) {
                                problems.add(call + " release failed: " + r.cause());
                              }
                              done.incrementAndGet();
                              vertx.setTimer(
                                  1 + ThreadLocalRandom.current().nextInt(300),
                                  x -> cycle(vertx, pool, started));
                            });
                  });
            });
  }

  /**
   * Until the running members see each other and each has its partitions' backups in place: the
   * lease map tolerates one crash at a time (one synchronous backup), so the next kill waits. (Each
   * member asked for itself: isClusterSafe() may wait 30 s on a member just killed.)
   */
  private static void awaitSafe(List<ClusterMember> running) {
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                running.stream()
                    .allMatch(
                        m ->
                            m.hazelcast().getCluster().getMembers().size() == running.size()
                                && m.hazelcast().getPartitionService().isLocalMemberSafe()));
  }

  private static List<ClusterMember> running(List<ClusterMember> leasers, ClusterMember... more) {
    List<ClusterMember> all = new ArrayList<>(leasers);
    for (ClusterMember m : more) {
      if (m.hazelcast().getLifecycleService().isRunning()) {
        all.add(m);
      }
    }
    return all;
  }
}
