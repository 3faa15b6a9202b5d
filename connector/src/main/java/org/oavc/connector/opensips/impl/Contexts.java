package org.oavc.connector.opensips.impl;

import io.vertx.core.Context;
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
}
