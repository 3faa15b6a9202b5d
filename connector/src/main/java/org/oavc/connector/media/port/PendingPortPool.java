package org.oavc.connector.media.port;

import io.vertx.core.Future;
import java.util.Map;

/**
 * A pool whose real one comes later (the cluster's, once this node has joined), so the daemon can
 * start the rest meanwhile. Leases wait for it; the snapshots read empty until then.
 */
public final class PendingPortPool implements PortPool {
  private final Future<PortPool> pool;
  private final int capacity;

  public PendingPortPool(Future<PortPool> pool, int minPort, int maxPort) {
    this.pool = pool;
    this.capacity = maxPort - minPort + 1;
  }

  @Override
  public Future<Integer> acquire(String owner, boolean pair) {
    return pool.compose(p -> p.acquire(owner, pair));
  }

  @Override
  public Future<Void> release(int port) {
    return pool.compose(p -> p.release(port));
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public int inUse() {
    return pool.succeeded() ? pool.result().inUse() : 0;
  }

  @Override
  public Map<Integer, String> owners() {
    return pool.succeeded() ? pool.result().owners() : Map.of();
  }
}
