package org.oavc.connector.cluster;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.oavc.connector.cluster.impl.HazelcastCallHandoffs;
import org.oavc.connector.cluster.impl.PendingCallHandoffs;

/**
 * Messages about calls changing node while both nodes are alive (a drain before a restart): the
 * draining node asks the others to take its calls, and the node that took one tells the draining
 * node once the caller was re-INVITEd to it, so the old node stops its media only then and the
 * caller hears one stream or the other, never silence in between. Alone: nothing is sent and
 * nothing arrives. Handlers run on the Vert.x context that registered them.
 */
public interface CallHandoffs {

  /** A lone node: no other node to ask. */
  CallHandoffs NONE = new CallHandoffs() {};

  /** Messages on the cluster-wide topic of {@code member}. */
  static CallHandoffs clustered(Vertx vertx, ClusterMember member) {
    return new HazelcastCallHandoffs(vertx, member);
  }

  /** The handoffs {@code ready} will give, for a controller made before the member has joined. */
  static CallHandoffs pending(Future<CallHandoffs> ready) {
    return new PendingCallHandoffs(ready);
  }

  /** How many other nodes are members now (0 alone). */
  default int otherNodes() {
    return 0;
  }

  /** Asks every other node to take over the calls of {@code nodeId} that can move. */
  default Future<Void> askToTakeCallsOf(String nodeId) {
    return Future.failedFuture(new IllegalStateException("no other node in the cluster"));
  }

  /** Tells the node {@code move.from()} that {@code move.to()} carries the call on now. */
  default Future<Void> tellMoved(CallMove move) {
    return Future.succeededFuture();
  }

  /** Calls {@code handler} with the NODE_ID of each node asking for its calls to be taken. */
  default void onTakeCallsAsked(Handler<String> handler) {}

  /** Calls {@code handler} for each call moved from one node to another. */
  default void onMoved(Handler<CallMove> handler) {}
}
