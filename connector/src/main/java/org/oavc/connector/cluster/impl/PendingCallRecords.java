package org.oavc.connector.cluster.impl;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.oavc.connector.cluster.CallRecords;
import org.oavc.connector.cluster.ReplicatedCall;
import org.oavc.connector.cluster.ReplicatedTurn;

/** Stands for the cluster's call records while the member joins (calls come only after). */
public final class PendingCallRecords implements CallRecords {
  private final Future<CallRecords> ready;

  public PendingCallRecords(Future<CallRecords> ready) {
    this.ready = ready;
  }

  @Override
  public Future<Void> put(ReplicatedCall call) {
    return ready.compose(r -> r.put(call), e -> Future.succeededFuture());
  }

  @Override
  public Future<Void> flavor(String key, String flavor) {
    return ready.compose(r -> r.flavor(key, flavor), e -> Future.succeededFuture());
  }

  @Override
  public Future<Void> media(ReplicatedCall renegotiated) {
    return ready.compose(r -> r.media(renegotiated), e -> Future.succeededFuture());
  }

  @Override
  public Future<Void> recorded(String key) {
    return ready.compose(r -> r.recorded(key), e -> Future.succeededFuture());
  }

  @Override
  public Future<Void> turn(String key, ReplicatedTurn turn) {
    return ready.compose(r -> r.turn(key, turn), e -> Future.succeededFuture());
  }

  @Override
  public Future<Void> remove(String key) {
    return ready.compose(r -> r.remove(key), e -> Future.succeededFuture());
  }

  @Override
  public Future<Optional<ReplicatedCall>> get(String key) {
    return ready.compose(r -> r.get(key));
  }

  @Override
  public Future<List<ReplicatedCall>> ownedBy(String node) {
    return ready.compose(r -> r.ownedBy(node));
  }
}
