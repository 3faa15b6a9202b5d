package org.oavc.connector.ai.pipeline.impl;

import io.vertx.core.json.JsonObject;

/**
 * A function call the model made: its id (echoed in the tool message), name and raw JSON arguments.
 */
record ToolCall(String id, String name, String arguments) {

  /** The assistant message's tool_calls entry. */
  JsonObject toMessagePart() {
    return new JsonObject()
        .put("id", id)
        .put("type", "function")
        .put("function", new JsonObject().put("name", name).put("arguments", arguments));
  }
}
