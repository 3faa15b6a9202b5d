package org.oavc.connector.media.rtpengine.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.oavc.connector.media.rtpengine.RtpEngineClient;
import org.oavc.connector.media.rtpengine.RtpEngineException;
import org.oavc.connector.media.rtpengine.RtpEngineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket to every instance. State is confined to the creating context. A request is sent up
 * to 1 + retries times with the same cookie (rtpengine answers a repeated cookie from its cache),
 * then, for commands that start a call (offer, ping), to the next instance with a new cookie.
 * Replies are taken only from the instance a request went to and with a cookie that is waiting;
 * anything else is dropped and counted.
 */
public final class RtpEngineClientImpl implements RtpEngineClient {
  private static final Logger LOG = LoggerFactory.getLogger(RtpEngineClient.class);
  private static final List<String> COMMANDS = List.of("offer", "answer", "delete", "ping");

  private final Vertx vertx;
  private final Context context;
  private final List<InetSocketAddress> instances;
  private final long timeoutMs;
  private final int retries;
  private final MeterRegistry registry;
  private final Counter failovers;
  private final Map<String, Counter> counters = new HashMap<>();
  private final String cookiePrefix;
  private final Future<DatagramSocket> socket;

  // Confined to `context`.
  private final Map<String, Pending> waiting = new HashMap<>();
  private final Map<String, Integer> callInstance = new HashMap<>();
  private long nextCookie = 1;
  private int preferred;
  private boolean closed;

  /** One command; it may be sent several times, to one instance or, on failover, to others. */
  private static final class Pending {
    final String command;
    final String callId;
    final Map<String, Object> dict;
    final boolean mayFailOver;
    final Promise<Map<String, Object>> promise;
    int instance;
    int instancesTried = 1;
    int attempts;
    String cookie;
    long timerId = -1;

    Pending(
        String command,
        String callId,
        Map<String, Object> dict,
        boolean mayFailOver,
        int instance,
        Promise<Map<String, Object>> promise) {
      this.command = command;
      this.callId = callId;
      this.dict = dict;
      this.mayFailOver = mayFailOver;
      this.instance = instance;
      this.promise = promise;
    }
  }

  public RtpEngineClientImpl(Vertx vertx, RtpEngineOptions options) {
    if (options.getTimeout() == null
        || options.getTimeout().toMillis() < 1
        || options.getRetries() < 0) {
      throw new IllegalArgumentException("rtpengine timeout must be >= 1 ms and retries >= 0");
    }
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.instances = options.getInstances();
    this.timeoutMs = options.getTimeout().toMillis();
    this.retries = options.getRetries();
    this.registry = options.getMeterRegistry();
    this.failovers =
        Counter.builder("oavc_rtpengine_failovers_total")
            .description("ng commands moved to the next rtpengine instance after no answer")
            .register(registry);
    for (String reason : List.of("unknown_cookie", "wrong_source", "garbled")) {
      ignored(reason);
    }
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    // A per-client prefix: a restarted connector never takes an old reply for a new request.
    this.cookiePrefix = HexFormat.of().formatHex(random) + "_";
    Promise<DatagramSocket> bound = Promise.promise();
    onContext(() -> bind(bound));
    this.socket = bound.future();
  }

  private void bind(Promise<DatagramSocket> bound) {
    boolean loopbackOnly =
        !instances.isEmpty()
            && instances.stream().allMatch(a -> a.getAddress().isLoopbackAddress());
    DatagramSocket s = vertx.createDatagramSocket(new DatagramSocketOptions());
    s.handler(this::onDatagram);
    s.exceptionHandler(e -> LOG.warn("rtpengine ng socket error: {}", e.toString()));
    s.listen(0, loopbackOnly ? "127.0.0.1" : "0.0.0.0").onComplete(bound);
  }

  private void onContext(Runnable r) {
    if (Vertx.currentContext() == context) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }

  // ---- commands -----------------------------------------------------------------------------

  @Override
  public Future<String> offer(
      String callId, String fromTag, String sdp, Map<String, Object> flags) {
    Map<String, Object> d = new TreeMap<>(flags);
    d.put("call-id", callId);
    d.put("from-tag", fromTag);
    d.put("sdp", sdp);
    return request("offer", d, callId).map(r -> sdpOf("offer", r));
  }

  @Override
  public Future<String> answer(
      String callId, String fromTag, String toTag, String sdp, Map<String, Object> flags) {
    Map<String, Object> d = new TreeMap<>(flags);
    d.put("call-id", callId);
    d.put("from-tag", fromTag);
    d.put("to-tag", toTag);
    d.put("sdp", sdp);
    return request("answer", d, callId).map(r -> sdpOf("answer", r));
  }

  @Override
  public Future<Void> delete(String callId, String fromTag) {
    Map<String, Object> d = new TreeMap<>();
    d.put("call-id", callId);
    d.put("from-tag", fromTag);
    return request("delete", d, callId)
        .<Void>mapEmpty()
        .recover(
            e ->
                e instanceof RtpEngineException r && !r.unreachable()
                    ? Future.succeededFuture() // "Unknown call-id": nothing left to delete
                    : Future.failedFuture(e))
        .onComplete(ar -> onContext(() -> callInstance.remove(callId)));
  }

  @Override
  public Future<Void> ping() {
    return request("ping", new TreeMap<>(), null).mapEmpty();
  }

  private static String sdpOf(String command, Map<String, Object> reply) {
    Object sdp = reply.get("sdp");
    if (!(sdp instanceof String s) || s.isEmpty()) {
      throw new RtpEngineException("rtpengine " + command + " reply without SDP", false);
    }
    return s;
  }

  /**
   * Sends {@code dict} with {@code command}. A call's later commands go to the instance that took
   * its offer; an offer or a ping may move on to the next instance when one stays silent.
   */
  private Future<Map<String, Object>> request(
      String command, Map<String, Object> dict, String callId) {
    dict.put("command", command);
    Promise<Map<String, Object>> promise = Promise.promise();
    onContext(
        () -> {
          if (instances.isEmpty()) {
            promise.fail(new RtpEngineException("no rtpengine configured (RTPENGINE_NG)", true));
            return;
          }
          Integer pinned = callId == null ? null : callInstance.get(callId);
          boolean startsCall = callId == null || ("offer".equals(command) && pinned == null);
          int instance = pinned != null ? pinned : preferred;
          Pending p = new Pending(command, callId, dict, startsCall, instance, promise);
          socket.onComplete(
              ar -> {
                if (ar.failed()) {
                  finish(
                      p,
                      "error",
                      null,
                      new RtpEngineException("rtpengine ng socket not bound: " + ar.cause(), true));
                } else {
                  send(p, true);
                }
              });
        });
    return promise.future();
  }

  private void send(Pending p, boolean newCookie) {
    if (closed) {
      finish(p, "error", null, new RtpEngineException("rtpengine client closed", true));
      return;
    }
    if (newCookie) {
      if (p.cookie != null) {
        waiting.remove(p.cookie);
      }
      p.cookie = cookiePrefix + nextCookie++;
      waiting.put(p.cookie, p);
    }
    p.attempts++;
    InetSocketAddress to = instances.get(p.instance);
    Buffer bytes = new NgMessage(p.cookie, p.dict).encode();
    p.timerId = vertx.setTimer(timeoutMs, t -> onTimeout(p));
    socket
        .result()
        .send(bytes, to.getPort(), to.getAddress().getHostAddress())
        .onFailure(e -> LOG.debug("rtpengine {} to {} not sent: {}", p.command, to, e.toString()));
  }

  private void onTimeout(Pending p) {
    if (p.promise.future().isComplete()) {
      return;
    }
    if (p.attempts <= retries) {
      send(p, false);
      return;
    }
    if (p.mayFailOver && p.instancesTried < instances.size()) {
      InetSocketAddress silent = instances.get(p.instance);
      p.instance = (p.instance + 1) % instances.size();
      p.instancesTried++;
      p.attempts = 0;
      preferred = p.instance; // the next calls skip the silent instance at once
      failovers.increment();
      LOG.warn(
          "rtpengine {} silent for {} ms x{}: trying {}",
          silent,
          timeoutMs,
          retries + 1,
          instances.get(p.instance));
      send(p, true);
      return;
    }
    finish(
        p,
        "timeout",
        null,
        new RtpEngineException(
            "no answer from rtpengine "
                + instances.get(p.instance)
                + " to "
                + p.command
                + " ("
                + p.attempts
                + " attempts, "
                + timeoutMs
                + " ms each)",
            true));
  }

  // ---- replies ------------------------------------------------------------------------------

  private void onDatagram(DatagramPacket packet) {
    Buffer data = packet.data();
    String cookie = NgMessage.cookieOf(data);
    Pending p = cookie == null ? null : waiting.get(cookie);
    if (p == null) {
      ignore("unknown_cookie", packet);
      return;
    }
    InetSocketAddress from = instances.get(p.instance);
    if (packet.sender().port() != from.getPort()
        || !from.getAddress().getHostAddress().equals(packet.sender().host())) {
      ignore("wrong_source", packet);
      return;
    }
    Map<String, Object> dict = NgMessage.dictOf(data, cookie);
    if (dict == null || !(dict.get("result") instanceof String result)) {
      ignore("garbled", packet);
      return;
    }
    switch (result) {
      case "ok", "pong" -> {
        if ("offer".equals(p.command)) {
          callInstance.put(p.callId, p.instance); // the call lives there now
        }
        finish(p, "ok", dict, null);
      }
      default -> {
        Object why = dict.get("error-reason");
        finish(
            p,
            "error",
            null,
            new RtpEngineException(
                "rtpengine refused " + p.command + ": " + (why instanceof String s ? s : result),
                false));
      }
    }
  }

  private void ignore(String reason, DatagramPacket packet) {
    ignored(reason).increment();
    LOG.debug("rtpengine reply from {} ignored: {}", packet.sender(), reason);
  }

  private Counter ignored(String reason) {
    return counters.computeIfAbsent(
        "ignored\n" + reason,
        k ->
            Counter.builder("oavc_rtpengine_ignored_replies_total")
                .description("ng datagrams dropped: unknown cookie, wrong source or not bencode")
                .tag("reason", reason)
                .register(registry));
  }

  private void finish(
      Pending p, String outcome, Map<String, Object> result, RtpEngineException error) {
    if (p.promise.future().isComplete()) {
      return;
    }
    if (p.timerId >= 0) {
      vertx.cancelTimer(p.timerId);
    }
    if (p.cookie != null) {
      waiting.remove(p.cookie);
    }
    String command = COMMANDS.contains(p.command) ? p.command : "other";
    counters
        .computeIfAbsent(
            command + '\n' + outcome,
            k ->
                Counter.builder("oavc_rtpengine_requests_total")
                    .description("ng commands by outcome (ok, error: refused, timeout)")
                    .tag("command", command)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
    if (error != null) {
      p.promise.fail(error);
    } else {
      p.promise.complete(result);
    }
  }

  @Override
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    onContext(
        () -> {
          closed = true;
          for (Pending p : List.copyOf(waiting.values())) {
            finish(p, "error", null, new RtpEngineException("rtpengine client closed", true));
          }
          socket.onComplete(
              ar -> {
                if (ar.succeeded()) {
                  ar.result().close().onComplete(done);
                } else {
                  done.complete();
                }
              });
        });
    return done.future();
  }
}
