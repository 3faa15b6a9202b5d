package org.oavc.connector.testdouble;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The params of one MI call matched against a command's recipes (its accepted parameter name
 * lists), the way the OpenSIPS MI core does: the count picks the candidates, named params must
 * equal one recipe's names, positional params must fit exactly one recipe.
 */
final class MiParams {
  private final Map<String, Object> values;

  private MiParams(Map<String, Object> values) {
    this.values = values;
  }

  static MiParams match(Object params, List<List<String>> recipes) throws MiError {
    int count =
        params instanceof JsonObject o ? o.size() : params instanceof JsonArray a ? a.size() : 0;
    List<List<String>> candidates = recipes.stream().filter(r -> r.size() == count).toList();
    if (candidates.isEmpty()) {
      throw MiError.invalidParams("Too few or too many parameters");
    }
    Map<String, Object> values = new HashMap<>();
    if (params instanceof JsonObject named) {
      Set<String> given = new HashSet<>(named.fieldNames());
      if (candidates.stream().noneMatch(r -> new HashSet<>(r).equals(given))) {
        throw MiError.invalidParams("Named parameters do not match");
      }
      named.forEach(e -> values.put(e.getKey(), e.getValue()));
    } else if (params instanceof JsonArray positional) {
      if (candidates.size() > 1) {
        throw MiError.invalidParams("Ambiguous call, use named parameters instead");
      }
      List<String> recipe = candidates.get(0);
      for (int i = 0; i < recipe.size(); i++) {
        values.put(recipe.get(i), positional.getValue(i));
      }
    }
    return new MiParams(values);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  /** A string param as a wire byte string; numbers are accepted and printed. */
  String string(String name) throws MiError {
    Object v = values.get(name);
    if (v instanceof String s) {
      return JsonOut.wire(s);
    }
    if (v instanceof Number n) {
      return n.toString();
    }
    throw MiError.invalidParams("Bad type for parameter '" + name + "'");
  }

  /** A non-empty string param (OpenSIPS rejects "" where it needs a value). */
  String nonEmpty(String name) throws MiError {
    String s = string(name);
    if (s.isEmpty()) {
      throw MiError.invalidParams("Bad type for parameter '" + name + "'");
    }
    return s;
  }

  /** An int param; OpenSIPS also takes a JSON string holding digits ("120", "180"). */
  long integer(String name) throws MiError {
    Object v = values.get(name);
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        // falls through to the type error below
      }
    }
    throw MiError.invalidParams("Bad type for parameter '" + name + "'");
  }

  /** Optional string: null when absent. */
  String optional(String name) throws MiError {
    return has(name) ? string(name) : null;
  }
}
