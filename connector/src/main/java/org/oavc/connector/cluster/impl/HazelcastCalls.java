package org.oavc.connector.cluster.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Hazelcast's asynchronous answers as Vert.x futures completing on a given context. */
final class HazelcastCalls {
  private HazelcastCalls() {}

  /** {@code op}'s answer on {@code ctx}; a member shutting down throws at once, here a failure. */
  static <T> Future<T> call(Context ctx, Supplier<CompletionStage<T>> op) {
    try {
      return Future.fromCompletionStage(op.get(), ctx);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
