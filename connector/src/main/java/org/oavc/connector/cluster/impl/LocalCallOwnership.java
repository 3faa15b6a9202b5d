package org.oavc.connector.cluster.impl;

import io.vertx.core.Future;
import java.util.Optional;
import org.oavc.connector.cluster.CallOwnership;
import org.oavc.connector.cluster.ClaimPurpose;

/** A lone node owns every call: claims are won at once and nothing is recorded anywhere. */
public final class LocalCallOwnership implements CallOwnership {
  private static final Future<Boolean> WON = Future.succeededFuture(true);
  private final String nodeId;

  public LocalCallOwnership(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public boolean clustered() {
    return false;
  }

  @Override
  public Future<Boolean> claim(String key, ClaimPurpose purpose) {
    return WON;
  }

  @Override
  public Future<Optional<String>> ownerOf(String key) {
    return Future.succeededFuture(Optional.empty());
  }

  @Override
  public Future<Void> release(String key) {
    return Future.succeededFuture();
  }

  @Override
  public boolean isLive(String node) {
    return nodeId.equals(node);
  }
}
