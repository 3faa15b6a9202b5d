package org.oavc.connector.opensips.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.connector.opensips.MiClient;
import org.oavc.connector.opensips.MiClientOptions;
import org.oavc.connector.opensips.MiException;
import org.oavc.connector.opensips.MiTimeoutException;
import org.oavc.connector.opensips.UaSessionClientStart;
import org.oavc.connector.opensips.UaSessionReply;
import org.oavc.connector.opensips.UaSessionUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC over one UDP socket. All state lives on one Vert.x context; public methods hop onto it.
 * Replies are matched by id; id-less replies (plain text, {@code "id":null}) go to the oldest
 * request still waiting, which is right because mi_datagram answers strictly in request order (see
 * {@link InFlightTable} for late replies).
 */
public final class MiClientImpl implements MiClient {
  private static final Logger LOG = LoggerFactory.getLogger(MiClient.class);

  /** Fits the largest reply mi_datagram can send (it caps replies near 65457 bytes). */
  static final int SOCKET_BUFFER_BYTES = 256 * 1024;

  private final Vertx vertx;
  private final MiClientOptions options;
  private final Context context;
  private final long timeoutMs;
  private final MeterRegistry registry;
  private final Counter orphanReplies;
  private final RateLimitedLog orphanLog = new RateLimitedLog(LOG, 1, TimeUnit.SECONDS);
  private final AtomicInteger pendingCalls = new AtomicInteger();
  private final Future<DatagramSocket> socket;
  private final MiPeer peer;

  // Confined to `context`.
  private final InFlightTable<Call> inFlight;
  private final Map<String, Timer> timers = new HashMap<>();
  private long nextId = 1;
  private boolean closed;

  /** One logical call; it may be sent several times (idempotent retries, each a fresh id). */
  private static final class Call {
    final String method;

    /** Named ({@link JsonObject}) or positional ({@link JsonArray}) params. */
    final Object params;

    final boolean idempotent;
    final Promise<Object> promise = Promise.promise();
    final long startNanos = System.nanoTime();
    int attempts;
    boolean done;

    Call(String method, Object params, boolean idempotent) {
      this.method = method;
      this.params = params == null ? new JsonObject() : params;
      this.idempotent = idempotent;
    }
  }

  public MiClientImpl(Vertx vertx, MiClientOptions options) {
    if (options.getTimeout() == null
        || options.getTimeout().isNegative()
        || options.getTimeout().isZero()
        || options.getRetries() < 0) {
      throw new IllegalArgumentException(
          "MI timeout must be positive and retries >= 0, got "
              + options.getTimeout()
              + " and "
              + options.getRetries());
    }
    this.vertx = vertx;
    this.options = options;
    this.context = vertx.getOrCreateContext();
    this.timeoutMs = Math.max(1, options.getTimeout().toMillis());
    this.inFlight = new InFlightTable<>(TimeUnit.MILLISECONDS.toNanos(timeoutMs));
    this.peer = MiPeer.of(options);
    this.registry = options.getMeterRegistry();
    this.orphanReplies =
        Counter.builder("oavc_mi_orphan_replies_total")
            .description("MI replies that matched no waiting request (late or unknown id)")
            .register(registry);
    // Every call's answer: registered now rather than by the first call (a histogram costs ms).
    timers.put("ua_session_reply\nok", timer("ua_session_reply", "ok"));
    Promise<DatagramSocket> bound = Promise.promise();
    onContext(() -> bind(bound));
    this.socket = bound.future();
  }

  private void bind(Promise<DatagramSocket> bound) {
    boolean v6 = options.getHost().contains(":");
    DatagramSocket s =
        vertx.createDatagramSocket(
            new DatagramSocketOptions()
                .setIpV6(v6)
                .setReceiveBufferSize(SOCKET_BUFFER_BYTES)
                .setSendBufferSize(SOCKET_BUFFER_BYTES));
    s.handler(this::onDatagram);
    s.exceptionHandler(e -> LOG.warn("MI socket error: {}", e.toString()));
    s.listen(0, peer.bindHost(v6))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.error("MI socket could not bind: {}", ar.cause().toString());
                s.close();
              }
              bound.handle(ar);
            });
  }

  private void onContext(Runnable r) {
    Contexts.runOn(context, r);
  }

  // ---- sending ----------------------------------------------------------------------------

  @Override
  public Future<Object> call(String method, JsonObject params, boolean idempotent) {
    return callRaw(method, params, idempotent);
  }

  @Override
  public Future<Object> callRaw(String method, Object params, boolean idempotent) {
    Object copy;
    if (params == null || params instanceof JsonObject) {
      copy = params == null ? null : ((JsonObject) params).copy();
    } else if (params instanceof JsonArray) {
      copy = ((JsonArray) params).copy();
    } else {
      return Future.failedFuture(
          new IllegalArgumentException("MI params must be a JsonObject, a JsonArray or null"));
    }
    Call c = new Call(method, copy, idempotent);
    pendingCalls.incrementAndGet();
    onContext(
        () ->
            socket.onComplete(
                ar -> {
                  if (ar.failed()) {
                    finish(
                        c,
                        "error",
                        null,
                        new MiException(0, "MI socket not bound", ar.cause().toString()));
                  } else {
                    sendAttempt(c);
                  }
                }));
    return Contexts.deliverTo(Vertx.currentContext(), context, c.promise.future());
  }

  /** The exact bytes of one request: named params always, string id. */
  static Buffer encode(String id, String method, Object params) {
    return new JsonObject()
        .put("jsonrpc", "2.0")
        .put("method", method)
        .put("params", params)
        .put("id", id)
        .toBuffer();
  }

  private void sendAttempt(Call c) {
    if (closed) {
      finish(c, "error", null, new MiException(0, "MI client closed", null));
      return;
    }
    inFlight.purgeOldTombstones();
    long seq = nextId++;
    String id = Long.toString(seq);
    Buffer request = encode(id, c.method, c.params);
    if (request.length() > MiClientOptions.MAX_REQUEST_BYTES) {
      // mi_datagram would answer only "400 Parse_error"; refuse it here, nothing sent.
      finish(
          c,
          "error",
          null,
          new MiException(
              0,
              "MI request too large",
              c.method
                  + " encodes to "
                  + request.length()
                  + " bytes; mi_datagram accepts at most "
                  + MiClientOptions.MAX_REQUEST_BYTES));
      return;
    }
    c.attempts++;
    InFlightTable.Entry<Call> a = inFlight.add(c, id, seq);
    a.timerId = vertx.setTimer(timeoutMs, t -> onTimeout(a));
    DatagramSocket s = socket.result();
    s.send(request, options.getPort(), options.getHost())
        .onFailure(
            err -> {
              if (inFlight.isWaiting(a)) {
                inFlight.remove(a);
                vertx.cancelTimer(a.timerId);
                finish(c, "error", null, new MiException(0, "MI send failed", err.toString()));
              }
            });
  }

  private void onTimeout(InFlightTable.Entry<Call> a) {
    if (!inFlight.isWaiting(a)) {
      return;
    }
    inFlight.markTimedOut(a);
    Call c = a.call;
    if (c.idempotent && c.attempts <= options.getRetries()) {
      LOG.debug("MI {} id {} unanswered after {} ms, retrying", c.method, a.id, timeoutMs);
      sendAttempt(c);
    } else {
      finish(c, "timeout", null, new MiTimeoutException(c.method, timeoutMs, c.attempts));
    }
  }

  // ---- receiving --------------------------------------------------------------------------

  private void onDatagram(DatagramPacket packet) {
    if (!peer.sent(packet)) {
      orphan("MI reply from unexpected source " + packet.sender() + " dropped");
      return;
    }
    MiReply reply = MiReply.decode(packet.data());
    if (reply == null) {
      orphan("undecodable MI reply from " + packet.sender() + ": " + preview(packet.data()));
      return;
    }
    inFlight.purgeOldTombstones();
    InFlightTable.Entry<Call> a;
    if (reply.hasId()) {
      a = inFlight.takeById(reply.id());
      if (a == null) {
        orphan("MI reply with unknown id " + reply.id() + " dropped");
        return;
      }
    } else {
      a = inFlight.takeOldest();
      if (a == null) {
        orphan("MI reply without id and no request waiting: " + preview(packet.data()));
        return;
      }
    }
    if (a.timedOut) {
      orphan("late MI reply to " + a.call.method + " id " + a.id + " dropped");
      return;
    }
    vertx.cancelTimer(a.timerId);
    if (reply.error() != null) {
      finish(a.call, "error", null, reply.error());
    } else {
      finish(a.call, "ok", reply.result(), null);
    }
  }

  private void orphan(String what) {
    orphanReplies.increment();
    orphanLog.warn(what);
  }

  private static String preview(Buffer b) {
    String s = b.getString(0, Math.min(b.length(), 80), StandardCharsets.UTF_8.name());
    return b.length() > 80 ? s + "..." : s;
  }

  private void finish(Call c, String outcome, Object result, MiException error) {
    if (c.done) {
      return;
    }
    c.done = true;
    pendingCalls.decrementAndGet();
    timers
        .computeIfAbsent(c.method + '\n' + outcome, k -> timer(c.method, outcome))
        .record(System.nanoTime() - c.startNanos, TimeUnit.NANOSECONDS);
    if (error != null) {
      c.promise.fail(error);
    } else {
      c.promise.complete(result);
    }
  }

  private Timer timer(String method, String outcome) {
    return Timer.builder("oavc_mi_request_seconds")
        .description("MI round trip per logical call, retries included")
        .tag("method", method)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(registry);
  }

  // ---- typed helpers ----------------------------------------------------------------------

  @Override
  public Future<Void> uaSessionReply(UaSessionReply reply) {
    return expectOk("ua_session_reply", reply.toParams(), false);
  }

  @Override
  public Future<Void> uaSessionUpdate(UaSessionUpdate update) {
    return expectOk("ua_session_update", update.toParams(), false);
  }

  @Override
  public Future<String> uaSessionClientStart(UaSessionClientStart request) {
    return call("ua_session_client_start", request.toParams(), false)
        .map(r -> expect("ua_session_client_start", r, String.class));
  }

  @Override
  public Future<Void> uaSessionTerminate(String key) {
    return expectOk("ua_session_terminate", new JsonObject().put("key", key), false);
  }

  @Override
  public Future<JsonArray> uaSessionList() {
    return call("ua_session_list", new JsonObject(), true)
        .map(r -> expect("ua_session_list", r, JsonArray.class));
  }

  @Override
  public Future<Optional<JsonObject>> uaSessionList(String key) {
    return call("ua_session_list", new JsonObject().put("key", key), true)
        .map(r -> Optional.of(expect("ua_session_list", r, JsonObject.class)))
        .recover(
            err ->
                err instanceof MiException e
                        && !(e instanceof MiTimeoutException)
                        && e.code() == 404
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(err));
  }

  @Override
  public Future<Void> eventSubscribe(String event, String socketSpec, int expireSeconds) {
    JsonObject p =
        new JsonObject().put("event", event).put("socket", socketSpec).put("expire", expireSeconds);
    return expectOk("event_subscribe", p, true);
  }

  @Override
  public Future<JsonObject> version() {
    return call("version", new JsonObject(), true).map(r -> expect("version", r, JsonObject.class));
  }

  @Override
  public Future<JsonObject> uptime() {
    return call("uptime", new JsonObject(), true).map(r -> expect("uptime", r, JsonObject.class));
  }

  @Override
  public Future<JsonObject> ps() {
    return call("ps", new JsonObject(), true).map(r -> expect("ps", r, JsonObject.class));
  }

  @Override
  public Future<Void> cacheStore(String system, String attr, String value, int expireSeconds) {
    JsonObject p =
        new JsonObject()
            .put("system", system)
            .put("attr", attr)
            .put("value", value)
            .put("expire", expireSeconds);
    return expectOk("cache_store", p, true);
  }

  private Future<Void> expectOk(String method, JsonObject params, boolean idempotent) {
    return call(method, params, idempotent)
        .compose(
            r ->
                "OK".equals(r)
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(unexpected(method, r)));
  }

  private static <T> T expect(String method, Object result, Class<T> type) {
    if (!type.isInstance(result)) {
      throw unexpected(method, result);
    }
    return type.cast(result);
  }

  private static MiException unexpected(String method, Object result) {
    return new MiException(0, "unexpected MI result", method + " returned " + result);
  }

  // ---- lifecycle --------------------------------------------------------------------------

  @Override
  public int pending() {
    return pendingCalls.get();
  }

  @Override
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    onContext(
        () -> {
          if (closed) {
            done.complete();
            return;
          }
          closed = true;
          for (InFlightTable.Entry<Call> a : inFlight.drain()) {
            vertx.cancelTimer(a.timerId);
            finish(
                a.call,
                "error",
                null,
                new MiException(0, "MI client closed", a.call.method + " was still waiting"));
          }
          socket.compose(DatagramSocket::close).onComplete(ar -> done.complete());
        });
    return Contexts.deliverTo(Vertx.currentContext(), context, done.future());
  }
}
