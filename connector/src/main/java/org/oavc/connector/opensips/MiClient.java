package org.oavc.connector.opensips;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.oavc.connector.opensips.impl.MiClientImpl;

/**
 * JSON-RPC 2.0 over UDP to OpenSIPS's mi_datagram. Every call returns a {@link Future}: it fails
 * with {@link MiException} on an error reply (JSON or plain text such as {@code 400 Parse_error})
 * and with {@link MiTimeoutException} when no reply came in time. A result of {@code "OK"} only
 * means OpenSIPS accepted (and sent) the request, not that the far end answered.
 *
 * <p>Callable from any thread. Called on a Vert.x context, the returned future completes on that
 * same context, so a verticle's callbacks stay on its own event loop.
 */
public interface MiClient {

  static MiClient create(Vertx vertx, MiClientOptions options) {
    return new MiClientImpl(vertx, options);
  }

  /**
   * Sends any MI command with named params ({@code null} for none) and yields the JSON-RPC {@code
   * result} (a String, JsonObject, JsonArray, Number or null). Retried on timeout only when {@code
   * idempotent}.
   */
  Future<Object> call(String method, JsonObject params, boolean idempotent);

  /**
   * Any MI command with named ({@link JsonObject}), positional ({@link JsonArray}) or no (null)
   * params, for operator tools. Prefer named params: OpenSIPS calls some positional ones
   * "Ambiguous".
   */
  Future<Object> callRaw(String method, Object params, boolean idempotent);

  /**
   * Places an outbound call; yields the new session's key (also the INVITE's Call-ID). Not retried:
   * a repeated request would place a second call.
   */
  Future<String> uaSessionClientStart(UaSessionClientStart request);

  /** A reply to a request OpenSIPS reported for the session (INVITE, re-INVITE, INFO...). */
  Future<Void> uaSessionReply(UaSessionReply reply);

  /** A new in-dialog request from our side (re-INVITE, REFER, ACK with flag d...). */
  Future<Void> uaSessionUpdate(UaSessionUpdate update);

  /**
   * Ends the session: BYE when established, and removes lingering rejected or cancelled ones.
   * Deliberately has no extra_headers: OpenSIPS 3.4 corrupts the BYE with them.
   */
  Future<Void> uaSessionTerminate(String key);

  /** Every session; fails with a plain-text 500 beyond ~120 sessions (reply too big). */
  Future<JsonArray> uaSessionList();

  /** One session by key; empty when OpenSIPS answers 404 Entity not found. */
  Future<Optional<JsonObject>> uaSessionList(String key);

  /** {@code event_subscribe} with named params; expire 0 unsubscribes. */
  Future<Void> eventSubscribe(String event, String socket, int expireSeconds);

  Future<JsonObject> version();

  /** {"Now":..,"Up since":..,"Up time":..}; a changed "Up since" means OpenSIPS restarted. */
  Future<JsonObject> uptime();

  Future<JsonObject> ps();

  /** {@code cache_store} into a cachedb system (the liveness heartbeat uses "local"). */
  Future<Void> cacheStore(String system, String attr, String value, int expireSeconds);

  /** Requests sent and not yet answered. */
  int pending();

  /** Fails every pending request and closes the socket. */
  Future<Void> close();
}
