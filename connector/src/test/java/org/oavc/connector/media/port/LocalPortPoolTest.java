package org.oavc.connector.media.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalPortPoolTest {

  private static int take(PortPool pool, String owner, boolean pair) {
    Future<Integer> f = pool.acquire(owner, pair);
    assertThat(f.succeeded()).as("acquire failed: %s", f.cause()).isTrue();
    return f.result();
  }

  @Test
  void exhaustedAtExactlyTheCapacityOfSinglePorts() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LocalPortPool pool = new LocalPortPool(35000, 35100, meters);
    assertThat(pool.capacity()).isEqualTo(101);
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 101; i++) {
      ports.add(take(pool, "call-" + i, false));
    }
    assertThat(ports).hasSize(101).allMatch(p -> p >= 35000 && p <= 35100);
    assertThat(pool.inUse()).isEqualTo(101);
    Future<Integer> none = pool.acquire("one-too-many", false);
    assertThat(none.failed()).isTrue();
    assertThat(none.cause())
        .isInstanceOf(PortsExhaustedException.class)
        .hasMessageContaining("35000-35100");
    assertThat(meters.counter("oavc_rtp_ports_exhausted_total").count()).isEqualTo(1.0);
    assertThat(meters.get("oavc_rtp_ports_in_use").gauge().value()).isEqualTo(101.0);
  }

  @Test
  void pairsAreEvenWithTheOddNeighbourReservedAndCountTwice() {
    LocalPortPool pool = new LocalPortPool(35000, 35100);
    List<Integer> bases = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int p = take(pool, "call-" + i, true);
      assertThat(p % 2).isZero();
      assertThat(p + 1).isLessThanOrEqualTo(35100);
      bases.add(p);
    }
    assertThat(new HashSet<>(bases)).hasSize(50);
    assertThat(pool.inUse()).isEqualTo(100);
    // 35100 is even but 35101 is outside the range: no 51st pair
    assertThat(pool.acquire("x", true).cause()).isInstanceOf(PortsExhaustedException.class);
    // the one port left is still there for a single acquisition
    assertThat(take(pool, "single", false)).isEqualTo(35100);
    assertThat(pool.owners()).containsEntry(bases.get(0) + 1, "call-0");
  }

  @Test
  void pairNeedsBothPortsFree() {
    LocalPortPool pool = new LocalPortPool(36000, 36003);
    // fill the range with singles, free one odd and one even of different pairs
    for (int i = 0; i < 4; i++) {
      take(pool, "s" + i, false);
    }
    pool.release(36001);
    pool.release(36002);
    assertThat(pool.acquire("pair", true).failed()).isTrue();
    pool.release(36003);
    assertThat(take(pool, "pair", true)).isEqualTo(36002);
  }

  @Test
  void releaseAndReuseWithoutTakingTheJustReleasedPortAtOnce() {
    LocalPortPool pool = new LocalPortPool(35000, 35009);
    int first = take(pool, "a", false);
    assertThat(pool.release(first).succeeded()).isTrue();
    assertThat(pool.inUse()).isZero();
    // the next nine acquisitions go round the rest of the range first
    Set<Integer> next = new HashSet<>();
    for (int i = 0; i < 9; i++) {
      next.add(take(pool, "b" + i, false));
    }
    assertThat(next).doesNotContain(first).hasSize(9);
    // only the released port is left, and it is handed out again
    assertThat(take(pool, "c", false)).isEqualTo(first);
  }

  @Test
  void doubleReleaseAndStrangePortsAreHarmless() {
    LocalPortPool pool = new LocalPortPool(35000, 35009);
    int a = take(pool, "a", true);
    int b = take(pool, "b", true);
    assertThat(pool.inUse()).isEqualTo(4);
    assertThat(pool.release(a).succeeded()).isTrue();
    assertThat(pool.release(a).succeeded()).isTrue();
    assertThat(pool.release(a + 1).succeeded()).isTrue();
    assertThat(pool.release(1).succeeded()).isTrue();
    assertThat(pool.release(70000).succeeded()).isTrue();
    assertThat(pool.inUse()).isEqualTo(2);
    assertThat(pool.owners()).containsOnlyKeys(b, b + 1);
  }

  @Test
  void releasingTheRtcpPortReleasesThePair() {
    LocalPortPool pool = new LocalPortPool(35000, 35009);
    int p = take(pool, "call", true);
    pool.release(p + 1);
    assertThat(pool.inUse()).isZero();
    assertThat(pool.owners()).isEmpty();
  }

  @Test
  void ownersAreTracked() {
    LocalPortPool pool = new LocalPortPool(35000, 35100);
    int a = take(pool, "B2B.1.2.3", true);
    int b = take(pool, "B2B.4.5.6", false);
    int c = take(pool, null, false);
    assertThat(pool.owners())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(a, "B2B.1.2.3", a + 1, "B2B.1.2.3", b, "B2B.4.5.6", c, "?"));
  }

  @Test
  void concurrentAcquireNeverHandsOutAPortTwice() throws Exception {
    LocalPortPool pool = new LocalPortPool(35000, 35100);
    ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      for (int t = 0; t < 4; t++) {
        boolean pair = t % 2 == 0;
        threads.submit(
            () -> {
              start.await();
              for (int i = 0; i < 30; i++) {
                Future<Integer> f = pool.acquire(Thread.currentThread().getName(), pair);
                if (f.succeeded()) {
                  got.add(f.result());
                  if (pair) {
                    got.add(f.result() + 1);
                  }
                } else {
                  failures.add(f.cause());
                }
              }
              return null;
            });
      }
      start.countDown();
    } finally {
      threads.shutdown();
      assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(new HashSet<>(got)).hasSize(got.size());
    assertThat(got.size()).isEqualTo(pool.inUse()).isLessThanOrEqualTo(101);
    assertThat(failures).allMatch(e -> e instanceof PortsExhaustedException);
    assertThat(pool.owners()).containsOnlyKeys(got);
  }

  @Test
  void badRangesAreRefused() {
    assertThatThrownBy(() -> new LocalPortPool(40000, 39999))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LocalPortPool(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LocalPortPool(65000, 65536))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
