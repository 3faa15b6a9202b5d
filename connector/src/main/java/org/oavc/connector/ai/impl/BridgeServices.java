package org.oavc.connector.ai.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.oavc.connector.ai.AiOptions;
import org.oavc.connector.ai.tools.ToolBox;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.opensips.MiClient;

/** What every {@link AiBridge} of the daemon shares. */
record BridgeServices(
    Vertx vertx,
    AiOptions settings,
    AiFlavors flavors,
    ToolBox tools,
    AiMetrics metrics,
    CallHangup hangup,
    MiClient mi,
    Apology apology) {

  /** Ends a call from the AI side with a cause (CallController#hangup(String, EndCause)). */
  @FunctionalInterface
  interface CallHangup {
    Future<Void> hangup(String key, EndCause cause);
  }
}
