package org.oavc.connector.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oavc.connector.cluster.ClusterMember;
import org.oavc.connector.cluster.ClusterMembers;
import org.oavc.connector.media.port.PortsExhaustedException;

/** Leases on two real members of one cluster, each pool on its own range of the shared map. */
class HazelcastPortPoolTest {
  private static Vertx vertx;
  private static ClusterMember a;
  private static ClusterMember b;

  @BeforeAll
  static void cluster() {
    vertx = Vertx.vertx();
    ClusterMembers members = new ClusterMembers(2);
    a = members.start(vertx, 0);
    b = members.start(vertx, 1);
  }

  @AfterAll
  static void close() throws Exception {
    await(a.leave());
    await(b.leave());
    await(vertx.close());
  }

  @Test
  void bothMembersSeeEachOther() {
    assertThat(a.members()).containsExactly("n0", "n1");
    assertThat(b.members()).containsExactly("n0", "n1");
  }

  @Test
  void aPairIsAnEvenPortAndTheNextLeasedClusterWideUntilReleased() throws Exception {
    HazelcastPortPool pa = pool(a, 41000, 41009);
    HazelcastPortPool pb = pool(b, 41000, 41009);
    int port = await(pa.acquire("call-1", true));
    assertThat(port % 2).isZero();
    assertThat(pa.owners()).isEqualTo(Map.of(port, "call-1", port + 1, "call-1"));
    Map<Integer, PortLease> seen = await(pb.clusterLeases());
    assertThat(seen).containsOnlyKeys(port, port + 1);
    assertThat(seen.get(port).nodeId()).isEqualTo("n0");
    assertThat(seen.get(port + 1).basePort()).isEqualTo(port);

    // Releasing the odd port releases the pair; a second release changes nothing.
    await(pa.release(port + 1));
    await(pa.release(port + 1));
    assertThat(pa.inUse()).isZero();
    assertThat(await(pb.clusterLeases())).isEmpty();
  }

  @Test
  void theOtherNodeGetsWhatIsLeftThenExhaustion() throws Exception {
    HazelcastPortPool pa = pool(a, 42000, 42003);
    HazelcastPortPool pb = pool(b, 42000, 42003);
    int first = await(pa.acquire("call-a", true));
    int second = await(pb.acquire("call-b", true));
    assertThat(second).isNotEqualTo(first);
    assertThat(java.util.List.of(first, second)).containsExactlyInAnyOrder(42000, 42002);

    Future<Integer> none = pb.acquire("call-c", false);
    assertThat(failure(none)).isInstanceOf(PortsExhaustedException.class);

    // b cannot release a's port: it never leased it.
    await(pb.release(first));
    assertThat(await(pa.clusterLeases())).containsKeys(first, first + 1);

    await(pa.release(first));
    int single = await(pb.acquire("call-d", false));
    assertThat(single).isIn(first, first + 1);
    await(pb.release(single));
    await(pb.release(second));
    assertThat(await(pa.clusterLeases())).isEmpty();
  }

  /**
   * The map made wrong behind the nodes' backs, as a crash can (a freed lease back, a lease lost, a
   * lost port leased by another call): the owning node's audit frees, re-leases or reports.
   */
  @Test
  void theAuditPutsTheMapRightFromTheNodesOwnLeases() throws Exception {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    HazelcastPortPool pa = new HazelcastPortPool(vertx, a, 44000, 44009, meters);
    com.hazelcast.map.IMap<Integer, PortLease> map =
        a.hazelcast().getMap(HazelcastClusterMember.LEASES_MAP);
    int kept = await(pa.acquire("call-kept", false));
    int lost = await(pa.acquire("call-lost", false));
    int stolen = await(pa.acquire("call-stolen", false));
    int stale = // a port of the range none of the three holds (the search starts at random)
        java.util.stream.IntStream.rangeClosed(44000, 44009)
            .filter(p -> p != kept && p != lost && p != stolen)
            .findFirst()
            .getAsInt();
    map.put(stale, new PortLease("gone", "n0", "call-ended", 1L, stale, false));
    map.delete(lost);
    PortLease thief = new PortLease("thief", "n1", "call-other", 2L, stolen, false);
    map.put(stolen, thief);
    map.put(44100, new PortLease("elsewhere", "n0", "call-x", 3L, 44100, false)); // not its range

    await(pa.audit());
    assertThat(map.get(stale)).as("a freed lease come back").isNull();
    assertThat(map.get(lost).callKey()).as("a lost lease").isEqualTo("call-lost");
    assertThat(map.get(stolen)).as("another call's lease is never touched").isEqualTo(thief);
    assertThat(map.get(kept).callKey()).isEqualTo("call-kept");
    assertThat(map.get(44100)).as("outside the pool's range").isNotNull();
    for (String result : new String[] {"stale_freed", "restored", "conflict"}) {
      assertThat(meters.counter("oavc_rtp_port_lease_audit_total", "result", result).count())
          .as(result)
          .isEqualTo(1.0);
    }
    await(pa.audit());
    assertThat(meters.counter("oavc_rtp_port_lease_audit_total", "result", "restored").count())
        .as("a map in agreement is left alone")
        .isEqualTo(1.0);
    await(pa.release(kept));
    await(pa.release(lost));
    await(pa.release(stolen)); // frees only its own lease: the thief's stays
    assertThat(map.get(stolen)).isEqualTo(thief);
    map.delete(stolen);
    map.delete(44100);
    assertThat(await(pa.clusterLeases())).isEmpty();
  }

  private static HazelcastPortPool pool(ClusterMember m, int min, int max) {
    return new HazelcastPortPool(vertx, m, min, max, new SimpleMeterRegistry());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<?> f) throws Exception {
    try {
      await(f);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }
}
