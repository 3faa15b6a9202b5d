package org.oavc.connector.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A watcher reads the cluster's maps and owns none of their partitions (a lite member holds no
 * backups either: Hazelcast places replicas on data members only).
 */
class ClusterWatcherTest {

  @Test
  void aWatcherSeesTheDataItDoesNotHold() throws Exception {
    Vertx vertx = Vertx.vertx();
    ClusterMembers cluster = new ClusterMembers(2);
    ClusterMember node = cluster.start(vertx, 0);
    ClusterMember watcher =
        ClusterMember.join(vertx, cluster.options(1).setWatcher(true))
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    try {
      IMap<String, String> written = node.hazelcast().getMap("oavc-calls-watched");
      for (int i = 0; i < 100; i++) {
        written.put("k" + i, "v" + i);
      }
      IMap<String, String> read = watcher.hazelcast().getMap("oavc-calls-watched");
      assertThat(read.get("k42")).isEqualTo("v42");
      assertThat(watcher.members()).containsExactlyInAnyOrder("n0", "n1");
      for (Partition p : watcher.hazelcast().getPartitionService().getPartitions()) {
        assertThat(p.getOwner().getUuid())
            .isNotEqualTo(watcher.hazelcast().getCluster().getLocalMember().getUuid());
      }
      assertThat(watcher.hazelcast().getCluster().getLocalMember().isLiteMember()).isTrue();
      assertThat(node.hazelcast().getCluster().getLocalMember().isLiteMember()).isFalse();
    } finally {
      watcher.leave().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      node.leave().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
