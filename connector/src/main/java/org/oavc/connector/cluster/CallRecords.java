package org.oavc.connector.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import org.oavc.connector.cluster.impl.HazelcastCallRecords;
import org.oavc.connector.cluster.impl.PendingCallRecords;

/**
 * The cluster's copy of each live call ({@link ReplicatedCall}), kept so a survivor can carry a
 * dead node's calls on. Alone nothing is kept (nobody could take a call over). Writes are fire and
 * forget for the call's own path: a failed one is logged, never fails the call.
 */
public interface CallRecords {

  /** A lone node: nothing is replicated. */
  CallRecords NONE = new CallRecords() {};

  /** Records in the cluster map {@code oavc-calls} of {@code member}. */
  static CallRecords clustered(Vertx vertx, ClusterMember member) {
    return new HazelcastCallRecords(vertx, member);
  }

  /** The records {@code ready} will give, for the call layer made before the member joined. */
  static CallRecords pending(Future<CallRecords> ready) {
    return new PendingCallRecords(ready);
  }

  /** Stores (or replaces) the record of an answered call. */
  default Future<Void> put(ReplicatedCall call) {
    return Future.succeededFuture();
  }

  /** Notes the AI flavor chosen for the call. */
  default Future<Void> flavor(String key, String flavor) {
    return Future.succeededFuture();
  }

  /**
   * Replaces the media part of the call's record (offer, answer, codec, payload types, ptime) with
   * that of {@code renegotiated}, after a re-offer: a node taking the call over answers the
   * caller's latest offer, not the first.
   */
  default Future<Void> media(ReplicatedCall renegotiated) {
    return Future.succeededFuture();
  }

  /** Notes that the owner records the call: a node carrying it on records its part. */
  default Future<Void> recorded(String key) {
    return Future.succeededFuture();
  }

  /** Appends a completed turn of the conversation. */
  default Future<Void> turn(String key, ReplicatedTurn turn) {
    return Future.succeededFuture();
  }

  /** The call ended: its record goes. */
  default Future<Void> remove(String key) {
    return Future.succeededFuture();
  }

  default Future<Optional<ReplicatedCall>> get(String key) {
    return Future.succeededFuture(Optional.empty());
  }

  /** Records of the calls {@code node} owns. */
  default Future<List<ReplicatedCall>> ownedBy(String node) {
    return Future.succeededFuture(List.of());
  }
}
