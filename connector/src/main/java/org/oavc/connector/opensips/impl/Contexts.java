package org.oavc.connector.opensips.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Runs work on the context that owns a component's state, from whatever thread calls. */
final class Contexts {
  private Contexts() {}

  static void runOn(Context context, Runnable r) {
    if (Vertx.currentContext() == context) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }

  /**
   * {@code result} as seen from {@code caller}: its callbacks run on the caller's context, not on
   * the component's ({@code owner}), so a verticle never touches its state from a foreign event
   * loop. Callers outside any context get the result on the owner's thread.
   */
  static <T> Future<T> deliverTo(Context caller, Context owner, Future<T> result) {
    if (caller == null || caller == owner) {
      return result;
    }
    Promise<T> p = Promise.promise();
    result.onComplete(ar -> caller.runOnContext(v -> p.handle(ar)));
    return p.future();
  }
}
