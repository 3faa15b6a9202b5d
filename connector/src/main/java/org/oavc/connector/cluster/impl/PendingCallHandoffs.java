package org.oavc.connector.cluster.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.oavc.connector.cluster.CallHandoffs;
import org.oavc.connector.cluster.CallMove;

/** Stands for the cluster's handoff messages while the member joins. */
public final class PendingCallHandoffs implements CallHandoffs {
  private final Future<CallHandoffs> ready;

  public PendingCallHandoffs(Future<CallHandoffs> ready) {
    this.ready = ready;
  }

  @Override
  public int otherNodes() {
    return ready.succeeded() ? ready.result().otherNodes() : 0;
  }

  @Override
  public Future<Void> askToTakeCallsOf(String nodeId) {
    return ready.compose(h -> h.askToTakeCallsOf(nodeId));
  }

  @Override
  public Future<Void> tellMoved(CallMove move) {
    return ready.compose(h -> h.tellMoved(move));
  }

  @Override
  public void onTakeCallsAsked(Handler<String> handler) {
    Handler<String> here = onThisContext(handler);
    ready.onSuccess(h -> h.onTakeCallsAsked(here));
  }

  @Override
  public void onMoved(Handler<CallMove> handler) {
    Handler<CallMove> here = onThisContext(handler);
    ready.onSuccess(h -> h.onMoved(here));
  }

  /** The registering context, kept for when the member has joined (on another context). */
  private static <T> Handler<T> onThisContext(Handler<T> handler) {
    Context ctx = Vertx.currentContext();
    return ctx == null ? handler : x -> ctx.runOnContext(v -> handler.handle(x));
  }
}
