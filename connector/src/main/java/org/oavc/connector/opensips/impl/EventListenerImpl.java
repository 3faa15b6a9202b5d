package org.oavc.connector.opensips.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.oavc.connector.opensips.EventListener;
import org.oavc.connector.opensips.EventListenerOptions;
import org.oavc.connector.opensips.UaSessionEvent;

/** Skeleton only: the UDP listener lands in the next commit. */
public final class EventListenerImpl implements EventListener {
  public EventListenerImpl(Vertx vertx, EventListenerOptions options) {}

  @Override public EventListener handler(Handler<UaSessionEvent> h) { return this; }
  @Override public Future<Integer> listen() {
    return Future.failedFuture(new IllegalStateException("event listener not implemented yet"));
  }
  @Override public int port() { return -1; }
  @Override public long received() { return 0; }
  @Override public long dropped() { return 0; }
  @Override public Future<Void> close() { return Future.succeededFuture(); }
}
