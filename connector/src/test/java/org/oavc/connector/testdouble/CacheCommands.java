package org.oavc.connector.testdouble;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * cache_store / cache_fetch / cache_remove with cachedb_local semantics: one "local" store, an
 * optional expire in seconds, expired entries invisible. The reply shapes are not in the captures;
 * they follow the OpenSIPS 3.4 documentation as far as it goes.
 */
final class CacheCommands {
  private record Entry(String value, long expiresAtMs) {}

  private final Map<String, Entry> store = new HashMap<>();

  void register(Map<String, DoubleMiCommand> commands) {
    commands.put("cache_store", this::storeCmd);
    commands.put("cache_fetch", this::fetch);
    commands.put("cache_remove", this::remove);
  }

  void clear() {
    store.clear();
  }

  private String storeCmd(Object params) throws MiError {
    MiParams p =
        MiParams.match(
            params,
            List.of(
                List.of("system", "attr", "value"), List.of("system", "attr", "value", "expire")));
    checkSystem(p);
    long expire = p.has("expire") ? p.integer("expire") : 0;
    if (expire < 0) {
      throw MiError.invalidParams("Negative expire value");
    }
    long at = expire == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + expire * 1000;
    store.put(p.string("attr"), new Entry(p.string("value"), at));
    return "\"OK\"";
  }

  private String fetch(Object params) throws MiError {
    MiParams p = MiParams.match(params, List.of(List.of("system", "attr")));
    checkSystem(p);
    String attr = p.string("attr");
    Entry e = live(attr);
    if (e == null) {
      throw new MiError(404, "Value not found");
    }
    return new JsonOut().open().field("key", attr).field("value", e.value()).close().toString();
  }

  private String remove(Object params) throws MiError {
    MiParams p = MiParams.match(params, List.of(List.of("system", "attr")));
    checkSystem(p);
    store.remove(p.string("attr"));
    return "\"OK\"";
  }

  private Entry live(String attr) {
    Entry e = store.get(attr);
    if (e != null && e.expiresAtMs() <= System.currentTimeMillis()) {
      store.remove(attr);
      return null;
    }
    return e;
  }

  private static void checkSystem(MiParams p) throws MiError {
    if (!p.string("system").equals("local")) {
      throw new MiError(500, "Cache system not found");
    }
  }
}
