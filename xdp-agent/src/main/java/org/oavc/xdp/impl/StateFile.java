package org.oavc.xdp.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.oavc.common.net.Cidr;
import org.oavc.xdp.XdpAgent.ListName;
import org.oavc.xdp.bpf.FilterConfig;

/**
 * What must survive a restart: the config and both lists, with expiries as wall-clock epoch ms (the
 * maps hold CLOCK_MONOTONIC, which restarts at boot). Written atomically (temp + rename).
 */
final class StateFile {
  /** In-memory state; expiry 0 = permanent. */
  static final class State {
    FilterConfig config;
    final Map<ListName, Map<Cidr, Long>> lists = new LinkedHashMap<>();

    State(FilterConfig config) {
      this.config = config;
      for (ListName l : ListName.values()) {
        lists.put(l, new LinkedHashMap<>());
      }
    }
  }

  private final Path path;

  StateFile(Path path) {
    this.path = path;
  }

  /** The saved state, or null when there is none yet. Throws on a corrupt file. */
  State read() throws IOException {
    if (!Files.exists(path)) {
      return null;
    }
    JsonObject json = new JsonObject(Files.readString(path, StandardCharsets.UTF_8));
    State s =
        new State(
            ConfigJson.fromJson(
                json.getJsonObject("config", new JsonObject()), FilterConfig.defaults()));
    for (ListName l : ListName.values()) {
      for (Object o : json.getJsonArray(l.name().toLowerCase(), new JsonArray())) {
        JsonObject e = (JsonObject) o;
        s.lists.get(l).put(Cidr.parse(e.getString("cidr")), e.getLong("expiresAtEpochMs", 0L));
      }
    }
    return s;
  }

  void write(State s) throws IOException {
    JsonObject json = new JsonObject().put("config", ConfigJson.toJson(s.config));
    for (ListName l : ListName.values()) {
      JsonArray arr = new JsonArray();
      s.lists
          .get(l)
          .forEach(
              (cidr, exp) ->
                  arr.add(
                      new JsonObject().put("cidr", cidr.toString()).put("expiresAtEpochMs", exp)));
      json.put(l.name().toLowerCase(), arr);
    }
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".xdp-state", ".tmp");
    try {
      Files.writeString(tmp, json.encodePrettily(), StandardCharsets.UTF_8);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
