package org.oavc.connector.ai;

import io.vertx.core.json.JsonObject;

/**
 * Optionally implemented by an {@link AiSession} that has figures of its own to show in GET
 * /calls/{key} (the echo flavor's round-trip latency). Read from other threads.
 */
public interface AiSessionStats {
  JsonObject stats();
}
