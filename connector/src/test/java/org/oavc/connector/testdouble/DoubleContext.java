package org.oavc.connector.testdouble;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every part of the double shares: the single core thread that owns all state (SIP workers, MI
 * and timers of OpenSIPS serialised), the sockets, the subscriber table and the wire log.
 */
final class DoubleContext {
  private static final Logger LOG = LoggerFactory.getLogger(DoubleContext.class);

  final OpenSipsDoubleOptions options;
  final ScheduledExecutorService core;
  final Subscribers subscribers = new Subscribers();

  /** The wire log; guard iteration with synchronized (wire). */
  final List<WireRecord> wire = Collections.synchronizedList(new ArrayList<>());

  final Counter malformedSip;
  final Counter malformedMi;
  final Counter eventsSent;
  DatagramSocket sipSocket;

  /** proto_ws, when the options ask for it (else null). */
  SipWebSocketListener webSocket;

  InetSocketAddress webSocketAddress;
  final List<DatagramSocket> eventSockets = new ArrayList<>();
  private final IntUnaryOperator workerSelector;
  private int eventSeq;

  DoubleContext(OpenSipsDoubleOptions options, ScheduledExecutorService core) {
    this.options = options;
    this.core = core;
    MeterRegistry reg = options.getMeterRegistry();
    malformedSip = reg.counter("opensips.double.sip.malformed");
    malformedMi = reg.counter("opensips.double.mi.malformed");
    eventsSent = reg.counter("opensips.double.events.sent");
    IntUnaryOperator sel = options.getEventWorkerSelector();
    workerSelector = sel != null ? sel : n -> n % options.getEventSourcePorts().size();
  }

  /** "host:port" of our SIP side as written in Contact/Via (advertised address if set). */
  String sipHostPort() {
    if (options.getAdvertisedAddress() != null) {
      return options.getAdvertisedAddress();
    }
    InetSocketAddress a = (InetSocketAddress) sipSocket.getLocalSocketAddress();
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** The host part alone, as ua_session_list's send_sock shows it. */
  String sipHost() {
    String hp = sipHostPort();
    return hp.substring(0, hp.lastIndexOf(':')).replace("[", "").replace("]", "");
  }

  String contactUri() {
    return "sip:" + sipHostPort();
  }

  void sendSip(byte[] bytes, InetSocketAddress to) {
    if (isWebSocketPeer(to)) {
      if (webSocket.send(to, bytes)) {
        wire.add(new WireRecord(Instant.now(), "sip", true, webSocketAddress, to, bytes));
      } else {
        LOG.info("double: SIP WebSocket peer {} is gone; message dropped", to);
      }
      return;
    }
    send(sipSocket, "sip", bytes, to);
  }

  boolean isWebSocketPeer(InetSocketAddress peer) {
    return webSocket != null && webSocket.isPeer(peer);
  }

  /** Our Contact towards {@code peer}: the WebSocket socket for a WebSocket caller (18). */
  String contactUriFor(InetSocketAddress peer) {
    if (!isWebSocketPeer(peer)) {
      return contactUri();
    }
    String host = webSocketAddress.getAddress().getHostAddress();
    return "sip:"
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + webSocketAddress.getPort()
        + ";transport=ws";
  }

  /** Raises one E_UA_SESSION to every live subscriber, from the selected worker's socket. */
  void raise(UaEventEncoder.UaEvent event) {
    List<Subscribers.Subscriber> targets = subscribers.live(System.currentTimeMillis());
    if (targets.isEmpty()) {
      return; // fact 7: nothing is sent while nobody is subscribed
    }
    int worker = Math.floorMod(workerSelector.applyAsInt(eventSeq++), eventSockets.size());
    byte[] bytes = UaEventEncoder.encode(event);
    for (Subscribers.Subscriber s : targets) {
      send(eventSockets.get(worker), "event", bytes, s.address);
      eventsSent.increment();
    }
  }

  void send(DatagramSocket socket, String channel, byte[] bytes, InetSocketAddress to) {
    try {
      socket.send(new DatagramPacket(bytes, bytes.length, to));
      record(channel, true, socket, to, bytes);
    } catch (IOException e) {
      LOG.warn("double: sending {} datagram to {} failed: {}", channel, to, e.toString());
    }
  }

  void record(String channel, boolean out, DatagramSocket s, InetSocketAddress peer, byte[] b) {
    wire.add(
        new WireRecord(
            Instant.now(), channel, out, (InetSocketAddress) s.getLocalSocketAddress(), peer, b));
  }
}
