package org.oavc.xdp.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.oavc.xdp.bpf.FilterConfig;

/** FilterConfig <-> JSON for the API and the state file; unknown keys are rejected. */
final class ConfigJson {
  private static final Set<String> KEYS =
      Set.of(
          "ports",
          "optionsStealth",
          "rateLimit",
          "scanner",
          "syntaxGate",
          "afXdp",
          "ratePps",
          "rateBurst",
          "autoblockSeconds");

  private ConfigJson() {}

  static JsonObject toJson(FilterConfig c) {
    return new JsonObject()
        .put("ports", new JsonArray(c.ports()))
        .put("optionsStealth", c.optionsStealth())
        .put("rateLimit", c.rateLimit())
        .put("scanner", c.scanner())
        .put("syntaxGate", c.syntaxGate())
        .put("afXdp", c.afXdp())
        .put("ratePps", c.ratePps())
        .put("rateBurst", c.rateBurst())
        .put("autoblockSeconds", c.autoblockSeconds());
  }

  /**
   * {@code base} with the keys present in {@code json} replaced; IllegalArgumentException if bad.
   */
  static FilterConfig fromJson(JsonObject json, FilterConfig base) {
    for (String key : json.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown config key: " + key);
      }
    }
    try {
      List<Integer> ports = base.ports();
      if (json.containsKey("ports")) {
        ports = new ArrayList<>();
        for (Object p : json.getJsonArray("ports")) {
          if (!(p instanceof Integer i)) {
            throw new IllegalArgumentException("ports must be integers: " + p);
          }
          ports.add(i);
        }
      }
      return new FilterConfig(
          ports,
          json.getBoolean("optionsStealth", base.optionsStealth()),
          json.getBoolean("rateLimit", base.rateLimit()),
          json.getBoolean("scanner", base.scanner()),
          json.getBoolean("syntaxGate", base.syntaxGate()),
          json.getBoolean("afXdp", base.afXdp()),
          json.getInteger("ratePps", base.ratePps()),
          json.getInteger("rateBurst", base.rateBurst()),
          json.getInteger("autoblockSeconds", base.autoblockSeconds()));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("wrong type in config: " + e.getMessage(), e);
    }
  }
}
