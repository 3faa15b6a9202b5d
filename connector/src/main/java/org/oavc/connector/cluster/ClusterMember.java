package org.oavc.connector.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.Set;
import org.oavc.connector.cluster.impl.HazelcastClusterMember;

/**
 * This connector's place in the cluster: an embedded Hazelcast member beside the daemon's (plain)
 * Vert.x. Alone ({@link ClusterOptions#alone()}) it is a one-member cluster that joins nobody, so a
 * single node runs the same code as many.
 */
public interface ClusterMember {

  /**
   * Starts the member and joins the cluster (on a worker thread: Hazelcast's start blocks). Fails
   * when the port cannot be bound or the configuration is refused.
   */
  static Future<ClusterMember> join(Vertx vertx, ClusterOptions options) {
    return HazelcastClusterMember.start(vertx, options);
  }

  /** NODE_ID of this connector. */
  String nodeId();

  /** NODE_ID of every member now in the cluster, this one included. */
  Set<String> members();

  /** The embedded Hazelcast member, for the cluster's shared maps. */
  HazelcastInstance hazelcast();

  /**
   * Calls {@code handler} with the NODE_ID of each member that leaves or is declared dead, on the
   * Vert.x context this was called on.
   */
  void onMemberLeft(Handler<String> handler);

  /** Leaves the cluster gracefully (its partitions move to the others first); idempotent. */
  Future<Void> leave();
}
