package org.oavc.xdp.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import org.oavc.common.net.Cidr;
import org.oavc.common.net.IpLiteral;
import org.oavc.xdp.XdpAgentOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenSIPS pike's E_PIKE_BLOCKED over event_datagram: one JSON-RPC notification per datagram,
 * {"jsonrpc":"2.0","method":"E_PIKE_BLOCKED","params":{"ip":"..."}}. Optionally keeps the
 * subscription alive through mi_datagram (OpenSIPS forgets subscribers on restart). A datagram is
 * believed only from an OpenSIPS address ({@link XdpAgentOptions#getPikeSources()}) and only for a
 * single host: anyone else could otherwise block whom they like.
 */
final class PikeFeed {
  private static final Logger LOG = LoggerFactory.getLogger(PikeFeed.class);
  static final String EVENT = "E_PIKE_BLOCKED";
  private static final int SUBSCRIBE_EXPIRE_S = 120;
  private static final long RENEW_MS = 20_000;

  private final Vertx vertx;
  private final XdpAgentOptions options;
  private final Consumer<Cidr> block;
  private final Counter received;
  private final Counter malformed;
  private final Counter foreign;
  private final Counter notHost;
  private volatile java.util.Set<java.net.InetAddress> trusted = java.util.Set.of();
  private DatagramSocket socket;
  private DatagramSocket miSocket;
  private long renewTimer = -1;
  private int requestId;

  PikeFeed(Vertx vertx, XdpAgentOptions options, MeterRegistry registry, Consumer<Cidr> block) {
    this.vertx = vertx;
    this.options = options;
    this.block = block;
    this.received =
        Counter.builder("oavc_xdp_pike_events_total").tag("result", "accepted").register(registry);
    this.malformed =
        Counter.builder("oavc_xdp_pike_events_total").tag("result", "malformed").register(registry);
    this.foreign =
        Counter.builder("oavc_xdp_pike_events_total").tag("result", "source").register(registry);
    this.notHost =
        Counter.builder("oavc_xdp_pike_events_total").tag("result", "not_host").register(registry);
  }

  Future<Void> start() {
    return vertx
        .executeBlocking(() -> resolve(options.getPikeSources()))
        .compose(
            addresses -> {
              trusted = addresses;
              LOG.info("E_PIKE_BLOCKED accepted from {}", addresses);
              return listen();
            });
  }

  /** The configured OpenSIPS addresses: literals, or names resolved once at start. */
  static java.util.Set<java.net.InetAddress> resolve(java.util.List<String> sources)
      throws java.net.UnknownHostException {
    java.util.Set<java.net.InetAddress> out = new java.util.LinkedHashSet<>();
    for (String s : sources) {
      if (!s.isBlank()) {
        out.addAll(java.util.List.of(java.net.InetAddress.getAllByName(s.trim())));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no OpenSIPS address to accept E_PIKE_BLOCKED from");
    }
    return java.util.Set.copyOf(out);
  }

  private Future<Void> listen() {
    socket = vertx.createDatagramSocket();
    socket.handler(packet -> handle(packet.sender().hostAddress(), packet.data()));
    return socket
        .listen(options.getPikeEventPort(), options.getPikeEventHost())
        .compose(
            s -> {
              LOG.info(
                  "E_PIKE_BLOCKED feed on udp:{}:{}",
                  options.getPikeEventHost(),
                  s.localAddress().port());
              if (options.getMiPort() <= 0) {
                return Future.succeededFuture();
              }
              miSocket = vertx.createDatagramSocket();
              miSocket.handler(
                  reply -> {
                    JsonObject r = parse(reply.data());
                    if (r == null || r.containsKey("error")) {
                      LOG.warn("event_subscribe {} refused: {}", EVENT, reply.data());
                    }
                  });
              return miSocket
                  .listen(0, "0.0.0.0")
                  .map(
                      m -> {
                        subscribe(s.localAddress().port());
                        renewTimer =
                            vertx.setPeriodic(RENEW_MS, id -> subscribe(s.localAddress().port()));
                        return null;
                      });
            });
  }

  private void subscribe(int port) {
    JsonObject req =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("method", "event_subscribe")
            .put(
                "params",
                new JsonObject()
                    .put("event", EVENT)
                    .put("socket", "udp:" + options.getPikeEventHost() + ":" + port)
                    .put("expire", SUBSCRIBE_EXPIRE_S))
            .put("id", String.valueOf(++requestId));
    miSocket
        .send(req.toBuffer(), options.getMiPort(), options.getMiHost())
        .onFailure(e -> LOG.warn("event_subscribe send failed: {}", e.getMessage()));
  }

  void handle(String sender, Buffer data) {
    if (!trustedSender(sender)) {
      foreign.increment();
      if (foreign.count() == 1 || (long) foreign.count() % 1000 == 0) {
        LOG.warn(
            "ignored E_PIKE_BLOCKED datagram from {}: not an OpenSIPS address ({} so far)",
            sender,
            (long) foreign.count());
      }
      return;
    }
    JsonObject event = parse(data);
    Object params = event == null ? null : event.getValue("params");
    if (event == null
        || !EVENT.equals(event.getString("method"))
        || !(params instanceof JsonObject p)
        || !(p.getValue("ip") instanceof String ip)) {
      malformed.increment();
      LOG.warn(
          "ignored datagram on the pike feed (not an {} event): {} bytes", EVENT, data.length());
      return;
    }
    Cidr source;
    try {
      source = Cidr.parse(ip);
    } catch (IllegalArgumentException e) {
      malformed.increment();
      LOG.warn("ignored {} with a bad ip: {}", EVENT, e.getMessage());
      return;
    }
    if (!source.host()) {
      notHost.increment();
      LOG.warn("ignored {} for {}: pike reports single addresses, not prefixes", EVENT, source);
      return;
    }
    received.increment();
    block.accept(source);
  }

  private boolean trustedSender(String sender) {
    return IpLiteral.parse(sender).map(trusted::contains).orElse(false);
  }

  private static JsonObject parse(Buffer data) {
    try {
      return new JsonObject(data);
    } catch (RuntimeException e) {
      return null;
    }
  }

  int port() {
    return socket == null ? -1 : socket.localAddress().port();
  }

  Future<Void> close() {
    if (renewTimer >= 0) {
      vertx.cancelTimer(renewTimer);
    }
    Future<Void> mi = miSocket == null ? Future.succeededFuture() : miSocket.close();
    return socket == null ? mi : Future.all(mi, socket.close()).mapEmpty();
  }
}
