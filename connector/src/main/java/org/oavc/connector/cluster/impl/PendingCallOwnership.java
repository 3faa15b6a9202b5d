package org.oavc.connector.cluster.impl;

import io.vertx.core.Future;
import java.util.Optional;
import org.oavc.connector.cluster.CallOwnership;
import org.oavc.connector.cluster.ClaimPurpose;

/**
 * Stands for the cluster's ownership while the member joins: the daemon subscribes to calls only
 * once it has, so in practice every call finds it ready; until then claims wait for the join.
 */
public final class PendingCallOwnership implements CallOwnership {
  private final String nodeId;
  private final Future<CallOwnership> ready;

  public PendingCallOwnership(String nodeId, Future<CallOwnership> ready) {
    this.nodeId = nodeId;
    this.ready = ready;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public Future<Boolean> claim(String key, ClaimPurpose purpose) {
    return ready.compose(o -> o.claim(key, purpose));
  }

  @Override
  public Future<Optional<String>> ownerOf(String key) {
    return ready.compose(o -> o.ownerOf(key));
  }

  @Override
  public Future<Void> release(String key) {
    return ready.compose(o -> o.release(key), e -> Future.succeededFuture());
  }

  @Override
  public Future<Boolean> takeOver(String key, String from) {
    return ready.compose(o -> o.takeOver(key, from));
  }

  @Override
  public Future<Boolean> handBack(String key, String to) {
    return ready.compose(o -> o.handBack(key, to));
  }

  @Override
  public Future<java.util.List<String>> ownedBy(String node) {
    return ready.compose(o -> o.ownedBy(node));
  }

  @Override
  public boolean isLive(String node) {
    return ready.succeeded() ? ready.result().isLive(node) : nodeId.equals(node);
  }
}
