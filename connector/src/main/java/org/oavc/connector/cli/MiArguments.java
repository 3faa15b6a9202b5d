package org.oavc.connector.cli;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Turns MI arguments typed the way operators type them into JSON-RPC params: {@code name=value}
 * pairs become named params, bare words positional ones. Whole numbers become JSON numbers, {@code
 * name:=<json>} passes raw JSON, anything else is a string.
 */
final class MiArguments {
  private MiArguments() {}

  /** A JsonObject (named), a JsonArray (positional) or null (no params). */
  static Object parse(List<String> args) {
    if (args == null || args.isEmpty()) {
      return null;
    }
    boolean named = args.stream().anyMatch(a -> a.indexOf('=') > 0);
    boolean positional = args.stream().anyMatch(a -> a.indexOf('=') <= 0);
    if (named && positional) {
      throw new IllegalArgumentException(
          "mix of name=value and positional arguments: use one style (named is safer)");
    }
    if (positional) {
      JsonArray a = new JsonArray();
      args.forEach(v -> a.add(scalar(v)));
      return a;
    }
    JsonObject o = new JsonObject();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq > 1 && arg.charAt(eq - 1) == ':') {
        o.put(arg.substring(0, eq - 1), Json.decodeValue(arg.substring(eq + 1)));
      } else {
        o.put(arg.substring(0, eq), scalar(arg.substring(eq + 1)));
      }
    }
    return o;
  }

  private static Object scalar(String v) {
    if (v.matches("-?\\d{1,9}")) {
      return Integer.parseInt(v);
    }
    return v.replace("\\r\\n", "\r\n");
  }
}
