package org.oavc.connector.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.oavc.connector.cluster.impl.HazelcastCallOwnership;
import org.oavc.connector.cluster.impl.LocalCallOwnership;
import org.oavc.connector.cluster.impl.PendingCallOwnership;

/**
 * Which node owns each UA session (by its key). OpenSIPS sends every event to every connector and
 * silently drops a second 200 for one INVITE, so the nodes agree on one owner before anyone
 * answers; the others leave the session alone. Alone, this node owns every call and nothing is
 * asked of anyone. Every answer comes on the caller's Vert.x context; nothing blocks it.
 */
public interface CallOwnership {

  /** A lone node: every claim is won at once, no map, no cost. */
  static CallOwnership alone(String nodeId) {
    return new LocalCallOwnership(nodeId);
  }

  /** Owners in the cluster-wide map of {@code member}; claims counted in {@code meters}. */
  static CallOwnership clustered(Vertx vertx, ClusterMember member, MeterRegistry meters) {
    return new HazelcastCallOwnership(vertx, member, meters);
  }

  /** The ownership {@code ready} will give, for a controller made before the member has joined. */
  static CallOwnership pending(String nodeId, Future<CallOwnership> ready) {
    return new PendingCallOwnership(nodeId, ready);
  }

  /** NODE_ID of this node, the owner it writes. */
  String nodeId();

  /** True when other nodes may own calls (claims cost a round trip). */
  boolean clustered();

  /**
   * Makes this node the owner of {@code key} unless a node owns it already. Completes with true
   * when this node owns it now (also when it did before), false when another one does; counted by
   * {@code purpose}.
   */
  Future<Boolean> claim(String key, ClaimPurpose purpose);

  /** The node owning {@code key}, if any. */
  Future<Optional<String>> ownerOf(String key);

  /** Gives up this node's ownership of {@code key}; another node's is left alone. Never fails. */
  Future<Void> release(String key);

  /**
   * Makes this node the owner of {@code key} if {@code from} (a dead node) still owns it: of the
   * survivors racing for a dead node's call exactly one gets true. Alone: false.
   */
  default Future<Boolean> takeOver(String key, String from) {
    return Future.succeededFuture(false);
  }

  /**
   * Makes {@code to} the owner of {@code key} again if this node owns it: a call taken from a
   * draining node that could not be carried on here stays with that node. Alone: false.
   */
  default Future<Boolean> handBack(String key, String to) {
    return Future.succeededFuture(false);
  }

  /** Keys {@code node} owns (a dead node's, for their failover). Alone: none. */
  default Future<java.util.List<String>> ownedBy(String node) {
    return Future.succeededFuture(java.util.List.of());
  }

  /** True when {@code nodeId} is a member of the cluster now (this node is). */
  boolean isLive(String nodeId);
}
