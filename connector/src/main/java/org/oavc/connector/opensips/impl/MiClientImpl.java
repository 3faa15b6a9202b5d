package org.oavc.connector.opensips.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.oavc.connector.opensips.MiClient;
import org.oavc.connector.opensips.MiClientOptions;
import org.oavc.connector.opensips.MiException;
import org.oavc.connector.opensips.UaSessionReply;
import org.oavc.connector.opensips.UaSessionUpdate;

/** Skeleton only: the datagram client lands in the next commit. Every call fails clearly. */
public final class MiClientImpl implements MiClient {
  public MiClientImpl(Vertx vertx, MiClientOptions options) {}

  private static <T> Future<T> todo() {
    return Future.failedFuture(new MiException(0, "MI client not implemented yet", null));
  }

  @Override public Future<Object> call(String m, JsonObject p, boolean i) { return todo(); }
  @Override public Future<Void> uaSessionReply(UaSessionReply r) { return todo(); }
  @Override public Future<Void> uaSessionUpdate(UaSessionUpdate u) { return todo(); }
  @Override public Future<Void> uaSessionTerminate(String key) { return todo(); }
  @Override public Future<JsonArray> uaSessionList() { return todo(); }
  @Override public Future<Optional<JsonObject>> uaSessionList(String key) { return todo(); }
  @Override public Future<Void> eventSubscribe(String e, String s, int x) { return todo(); }
  @Override public Future<JsonObject> version() { return todo(); }
  @Override public Future<JsonObject> uptime() { return todo(); }
  @Override public Future<JsonObject> ps() { return todo(); }
  @Override public Future<Void> cacheStore(String s, String a, String v, int x) { return todo(); }
  @Override public int pending() { return 0; }
  @Override public Future<Void> close() { return Future.succeededFuture(); }
}
