package org.oavc.connector.ai.tools;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The tools every agent gets, with the JSON schemas of their arguments. */
public final class BuiltInTools {
  public static final String HANG_UP = "hang_up";
  public static final String TRANSFER = "transfer";
  public static final String SEND_DTMF = "send_dtmf";

  private BuiltInTools() {}

  public static List<ToolSpec> specs() {
    return List.of(
        new ToolSpec(
            HANG_UP,
            "End the call after your last words have been played, e.g. when the caller says goodbye.",
            object(new JsonObject(), List.of()),
            null),
        new ToolSpec(
            TRANSFER,
            "Transfer the caller to a human or another number. Omit target for the default operator.",
            object(
                new JsonObject()
                    .put(
                        "target",
                        new JsonObject()
                            .put("type", "string")
                            .put("description", "SIP URI or number to transfer to")),
                List.of()),
            null),
        new ToolSpec(
            SEND_DTMF,
            "Send touch-tone digits (0-9, *, #, A-D) to the caller's line, e.g. to navigate a menu.",
            object(
                new JsonObject()
                    .put(
                        "digits",
                        new JsonObject().put("type", "string").put("pattern", "^[0-9*#A-Da-d]+$")),
                List.of("digits")),
            null));
  }

  private static JsonObject object(JsonObject properties, List<String> required) {
    return new JsonObject()
        .put("type", "object")
        .put("properties", properties)
        .put("required", new JsonArray(List.copyOf(required)));
  }
}
