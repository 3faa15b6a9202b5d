package org.oavc.connector.media.session.impl;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.oavc.connector.media.rtp.RtpSourceLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that arrives on a session's RTP port, on the session's event loop: RTCP (muxed) from
 * the caller's host goes to the reporter, RTP that beats the negotiation is held, the rest is
 * judged by the receiver and the source latch, and the outcome counted. Keeps the latched source
 * (symmetric RTP) for the sender.
 */
final class RtpInput {
  private static final Logger log = LoggerFactory.getLogger("oavc.media");

  private final String callKey;
  private final RtpReceiver receiver;
  private final RtpSourceLatch latch;
  private final RtcpReporter rtcp;
  private final MediaMetrics metrics;
  private final EarlyPackets early = new EarlyPackets();

  /** Receive buffer of the event loop; larger datagrams (not RTP over Ethernet) get their own. */
  final byte[] received = new byte[2048];

  private volatile InetSocketAddress latched;
  private volatile long invalid;
  private InetSocketAddress lastSource;
  private String lastSourceHost;

  /** Whether a refused source was logged already: once per call, the counters tell the rest. */
  private boolean refusalLogged;

  RtpInput(
      String callKey,
      RtpReceiver receiver,
      RtpSourceLatch latch,
      RtcpReporter rtcp,
      MediaMetrics metrics) {
    this.callKey = callKey;
    this.receiver = receiver;
    this.latch = latch;
    this.rtcp = rtcp;
    this.metrics = metrics;
  }

  /** The datagram as {@link DatagramReader} hands it over: never throws, whatever it holds. */
  void onDatagram(byte[] bytes, int length, InetSocketAddress sender) {
    try {
      accept(bytes, length, source(sender));
    } catch (RuntimeException e) {
      dropped(sender, e);
    }
  }

  /** The Vert.x socket's handler (when the channel cannot be read directly): never throws. */
  void onDatagram(DatagramPacket p) {
    try {
      Buffer data = p.data();
      int length = data.length();
      // Copied into one reusable array (nothing below keeps it past this call), not a new one each.
      byte[] bytes = length <= received.length ? received : new byte[length];
      data.getBytes(0, length, bytes, 0);
      accept(bytes, length, source(p.sender()));
    } catch (RuntimeException e) {
      dropped(p.sender(), e);
    }
  }

  private void accept(byte[] bytes, int length, InetSocketAddress source) {
    if (RtcpReporter.isRtcp(bytes, length)) {
      if (acceptsRtcpFrom(source)) {
        rtcp.onPacket(bytes, length, System.nanoTime());
      }
      return;
    }
    if (!receiver.isConfigured()
        && early.hold(Arrays.copyOf(bytes, length), source, System.nanoTime())) {
      return; // no negotiation on the receive side yet: judged once it is there
    }
    handleRtp(bytes, length, source, System.nanoTime());
  }

  /** A defect in a parser must not take the call's media down; the datagram is dropped. */
  private void dropped(Object sender, RuntimeException e) {
    log.warn("key={} datagram from {} dropped: {}", callKey, sender, e.toString());
    dropped(metrics.garbage);
  }

  /** Judges the held early packets, once the receive side has a negotiation. */
  void replayEarly() {
    early.replay(
        (bytes, source, arrivalNanos) -> handleRtp(bytes, bytes.length, source, arrivalNanos));
  }

  private void handleRtp(byte[] bytes, int length, InetSocketAddress source, long arrivalNanos) {
    try {
      judge(bytes, length, source, arrivalNanos);
    } catch (RuntimeException e) {
      log.warn("key={} RTP from {} dropped: {}", callKey, source, e.toString());
      dropped(metrics.garbage);
    }
  }

  private void judge(byte[] bytes, int length, InetSocketAddress source, long arrivalNanos) {
    switch (receiver.onRtp(bytes, length, source, arrivalNanos)) {
      case ACCEPTED -> metrics.packetsIn.increment();
      case LATCHED -> {
        if (!source.equals(latch.expected())) {
          log.info("key={} media latched to {} (SDP: {}; NAT)", callKey, source, latch.expected());
        }
        latched = source;
        metrics.packetsIn.increment();
      }
      case RELATCHED -> {
        log.info("key={} media source moved to {}", callKey, source);
        latched = source;
        metrics.relatches.increment();
        metrics.packetsIn.increment();
      }
      case MALFORMED -> dropped(metrics.garbage);
      case WRONG_PAYLOAD_TYPE -> dropped(metrics.wrongPayloadType);
      case UNLATCHED_SOURCE -> refused(metrics.unlatchedSource, source);
      case FOREIGN_SSRC -> refused(metrics.foreignSsrc, source);
      case RTCP -> {
        if (acceptsRtcpFrom(source)) {
          rtcp.onPacket(bytes, length, arrivalNanos);
        }
      }
    }
  }

  /**
   * Whether RTCP from {@code source} is the caller's (see {@link RtpSourceLatch#acceptsRtcp}); a
   * refusal is counted. For the RTCP port as well as muxed RTCP.
   */
  boolean acceptsRtcpFrom(InetSocketAddress source) {
    if (latch.acceptsRtcp(source)) {
      return true;
    }
    refused(metrics.rtcpSource, source);
    return false;
  }

  /**
   * The caller's SDP (an answer, a re-INVITE) named its addresses: a new RTP address replaces the
   * latch at once, so our media goes there from the next packet.
   */
  void expect(InetSocketAddress rtp, InetSocketAddress rtcp) {
    if (latch.expect(rtp, rtcp, System.nanoTime())) {
      latched = latch.latched();
    }
  }

  private void refused(Counter counter, InetSocketAddress source) {
    dropped(counter);
    if (!refusalLogged) {
      refusalLogged = true;
      log.info(
          "key={} media from {} refused: the caller's is {} (SDP {}); further refusals are only"
              + " counted",
          callKey,
          source,
          latch.latched(),
          latch.expected());
    }
  }

  private void dropped(Counter counter) {
    invalid++;
    counter.increment();
  }

  /** The last source object while the sender stays the same, so the latch sees one object. */
  private InetSocketAddress source(InetSocketAddress from) {
    InetSocketAddress last = lastSource;
    if (last != null && last.equals(from)) {
      return last;
    }
    lastSourceHost = null;
    lastSource = from;
    return from;
  }

  /**
   * The sender as an InetSocketAddress, reused while it stays the same (no allocation per packet).
   */
  private InetSocketAddress source(SocketAddress from) {
    InetSocketAddress last = lastSource;
    // host() is the string Vert.x already made for this packet; hostAddress() would make another.
    if (last != null && last.getPort() == from.port() && from.host().equals(lastSourceHost)) {
      return last;
    }
    lastSourceHost = from.host();
    lastSource = new InetSocketAddress(from.hostAddress(), from.port());
    return lastSource;
  }

  /** The caller's address media follows now, null before the first valid packet. */
  InetSocketAddress latched() {
    return latched;
  }

  long invalid() {
    return invalid;
  }

  int earlyHeld() {
    return early.size();
  }
}
