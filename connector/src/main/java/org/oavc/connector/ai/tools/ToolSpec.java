package org.oavc.connector.ai.tools;

import io.vertx.core.json.JsonObject;

/**
 * A tool offered to the model.
 *
 * @param parameters JSON schema of the arguments
 * @param url where an HTTP tool POSTs the arguments; null for the built-ins
 */
public record ToolSpec(String name, String description, JsonObject parameters, String url) {

  public boolean builtIn() {
    return url == null;
  }
}
