package org.oavc.connector.management;

import io.vertx.core.json.JsonObject;

/** What /ready reports: ready only when subscribed to events and MI answers. */
public interface Readiness {

  boolean subscribed();

  boolean miReachable();

  boolean accepting();

  default boolean ready() {
    return subscribed() && miReachable() && accepting();
  }

  default JsonObject toJson() {
    return new JsonObject()
        .put("ready", ready())
        .put("subscribed", subscribed())
        .put("miReachable", miReachable())
        .put("accepting", accepting());
  }
}
