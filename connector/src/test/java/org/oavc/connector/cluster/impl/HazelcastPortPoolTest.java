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
