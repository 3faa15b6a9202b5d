package org.oavc.connector.opensips.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.oavc.common.net.Cidr;
import org.oavc.common.net.IpLiteral;
import org.oavc.connector.opensips.EventListener;
import org.oavc.connector.opensips.EventListenerOptions;
import org.oavc.connector.opensips.MalformedEventException;
import org.oavc.connector.opensips.UaSessionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The E_UA_SESSION socket. Every datagram is parsed on the socket's event loop (parsing is cheap,
 * sub-millisecond even for 64 KB); anything unusable is counted by reason and logged at WARN at
 * most once per second, so a flood of garbage cannot flood the log.
 */
public final class EventListenerImpl implements EventListener {
  private static final Logger LOG = LoggerFactory.getLogger(EventListener.class);

  private final Vertx vertx;
  private final EventListenerOptions options;
  private final MeterRegistry registry;
  private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 1, TimeUnit.SECONDS);
  private final Map<UaSessionEvent.Type, Counter> receivedByType =
      new EnumMap<>(UaSessionEvent.Type.class);
  private final Map<String, Counter> droppedByReason = new ConcurrentHashMap<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile Handler<UaSessionEvent> handler;
  private volatile DatagramSocket socket;
  private volatile int port = -1;

  public EventListenerImpl(Vertx vertx, EventListenerOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.registry = options.getMeterRegistry();
    // Every type registered now, not by the first event of its type (that event would pay for it).
    for (UaSessionEvent.Type t : UaSessionEvent.Type.values()) {
      receivedByType.put(
          t,
          Counter.builder("oavc_events_received_total")
              .description("E_UA_SESSION events received and parsed")
              .tag("event_type", t.name())
              .register(registry));
    }
  }

  @Override
  public EventListener handler(Handler<UaSessionEvent> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public Future<Integer> listen() {
    if (socket != null) {
      return Future.failedFuture(new IllegalStateException("event listener already listening"));
    }
    DatagramSocketOptions so =
        new DatagramSocketOptions()
            .setIpV6(options.getHost().contains(":"))
            // Also sizes Netty's per-read buffer: a datagram larger than it would be cut.
            .setReceiveBufferSize(options.getReceiveBufferSize());
    DatagramSocket s = vertx.createDatagramSocket(so);
    socket = s;
    s.handler(this::onDatagram);
    s.exceptionHandler(e -> LOG.warn("event socket error: {}", e.toString()));
    return s.listen(options.getPort(), options.getHost())
        .map(
            bound -> {
              port = bound.localAddress().port();
              LOG.info(
                  "listening for {} on udp:{}:{}",
                  UaSessionEvent.EVENT_NAME,
                  options.getHost(),
                  port);
              return port;
            })
        .onFailure(
            e -> {
              LOG.error(
                  "cannot listen for events on udp:{}:{}: {}",
                  options.getHost(),
                  options.getPort(),
                  e.toString());
              socket = null;
              s.close(); // nothing must stay open after a failed bind
            });
  }

  private void onDatagram(DatagramPacket packet) {
    if (!fromAllowedSource(packet)) {
      // Not parsed at all: a forged event must cost as little as possible and reveal nothing.
      drop("source", "sender is not an allowed OpenSIPS address (EVENT_SOURCES)", packet);
      return;
    }
    UaSessionEvent event;
    try {
      if (packet.data().length() == 0) {
        throw new MalformedEventException("empty", "empty datagram");
      }
      event = UaSessionEvent.parse(packet.data());
    } catch (MalformedEventException e) {
      drop(e.reason(), e.getMessage(), packet);
      return;
    } catch (RuntimeException e) {
      // The parser promises MalformedEventException; anything else still must not kill us.
      drop("parse_error", e.toString(), packet);
      return;
    }
    received.incrementAndGet();
    receivedByType.get(event.eventType()).increment();
    Handler<UaSessionEvent> h = handler;
    if (h == null) {
      return;
    }
    try {
      h.handle(event);
    } catch (RuntimeException e) {
      LOG.error("event handler failed for {} {}", event.eventType(), event.key(), e);
    }
  }

  private boolean fromAllowedSource(DatagramPacket packet) {
    InetAddress sender = IpLiteral.parse(packet.sender().host()).orElse(null);
    if (sender == null) {
      return false;
    }
    for (Cidr allowed : options.getAllowedSources()) {
      if (allowed.contains(sender)) {
        return true;
      }
    }
    return false;
  }

  private void drop(String reason, String why, DatagramPacket packet) {
    dropped.incrementAndGet();
    droppedByReason
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("oavc_events_dropped_total")
                    .description("event datagrams dropped because they could not be used")
                    .tag("reason", r)
                    .register(registry))
        .increment();
    dropLog.warn(
        "dropped "
            + packet.data().length()
            + "-byte event datagram from "
            + packet.sender()
            + " ("
            + reason
            + "): "
            + abbreviate(why));
  }

  private static String abbreviate(String s) {
    return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public long received() {
    return received.get();
  }

  @Override
  public long dropped() {
    return dropped.get();
  }

  @Override
  public Future<Void> close() {
    DatagramSocket s = socket;
    socket = null;
    port = -1;
    return s == null ? Future.succeededFuture() : s.close();
  }
}
