package org.oavc.connector.media.session.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.oavc.connector.media.session.RtpSessionOptions;
import org.oavc.connector.sdp.SdpNegotiation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a session's RTCP travels: muxed on the RTP socket, or its own socket on port + 1 when the
 * pool reserved that port for the call. Sends our report every 0.5-1.5 x the interval and the BYE
 * on close, only to the caller's host (the one RTP goes to); reads only the caller's host's
 * reports. Confined to the session's event loop.
 */
final class RtcpChannel {
  private static final Logger log = LoggerFactory.getLogger("oavc.media");

  private final Vertx vertx;
  private final RtpSessionOptions options;
  private final String callKey;
  private final int rtpPort;
  private final DatagramSocket rtp;
  private final RtcpReporter reporter;
  private final MediaMetrics metrics;

  /** The address RTP goes to now (latched source, else the SDP one), null when unknown. */
  private final Supplier<InetSocketAddress> rtpTarget;

  /** Whether RTCP from a source is the caller's (counts the refusals). */
  private final Predicate<InetSocketAddress> callerRtcp;

  private final byte[] out = new byte[1500];
  private DatagramSocket socket;

  /** Where the caller's last accepted RTCP came from on port + 1 (symmetric RTCP behind NAT). */
  private InetSocketAddress rtcpSource;

  private long timer = -1;
  private boolean stopped;

  RtcpChannel(
      Vertx vertx,
      RtpSessionOptions options,
      String callKey,
      int rtpPort,
      DatagramSocket rtp,
      RtcpReporter reporter,
      MediaMetrics metrics,
      Supplier<InetSocketAddress> rtpTarget,
      Predicate<InetSocketAddress> callerRtcp) {
    this.vertx = vertx;
    this.options = options;
    this.callKey = callKey;
    this.rtpPort = rtpPort;
    this.rtp = rtp;
    this.reporter = reporter;
    this.metrics = metrics;
    this.rtpTarget = rtpTarget;
    this.callerRtcp = callerRtcp;
  }

  static DatagramSocketOptions socketOptions(RtpSessionOptions options) {
    // A bigger buffer rides out bursts while the event loop is busy (capped by net.core.rmem_max).
    return new DatagramSocketOptions().setReceiveBufferSize(options.getReceiveBufferBytes());
  }

  /** A negotiation arrived: binds port + 1 when RTCP is not muxed, starts the report timer. */
  void apply(SdpNegotiation n, Supplier<SdpNegotiation> current) {
    if (!n.rtcpMux() && socket == null && holdsRtcpPort()) {
      bind();
    }
    if (timer < 0) {
      schedule(current);
    }
  }

  /**
   * Port + 1 is ours when the pool reserved it with the RTP port, for the same owner (or when there
   * is no pool). The owner is not always the call's key: a placed call's ports are reserved before
   * OpenSIPS names the call, and without its port + 1 its callee's RTCP BYE was never heard.
   */
  private boolean holdsRtcpPort() {
    var pool = options.getPortPool();
    if (pool == null) {
      return true;
    }
    Map<Integer, String> owners = pool.owners();
    String owner = owners.get(rtpPort);
    return owner != null && owner.equals(owners.get(rtpPort + 1));
  }

  private void bind() {
    DatagramSocket s = vertx.createDatagramSocket(socketOptions(options));
    s.handler(
        p -> {
          InetSocketAddress from =
              new InetSocketAddress(p.sender().hostAddress(), p.sender().port());
          if (callerRtcp.test(from)) {
            rtcpSource = from;
            byte[] bytes = p.data().getBytes();
            reporter.onPacket(bytes, bytes.length, System.nanoTime());
          }
        });
    socket = s;
    s.listen(rtpPort + 1, options.getBindIp())
        .onFailure(
            e -> {
              log.warn(
                  "key={} RTCP port {} not bound ({}); RTCP goes out on the RTP port",
                  callKey,
                  rtpPort + 1,
                  e.getMessage());
              s.close();
              if (socket == s) {
                socket = null;
              }
            });
  }

  private void schedule(Supplier<SdpNegotiation> current) {
    long mean = options.getRtcpIntervalMillis();
    long delay = mean / 2 + ThreadLocalRandom.current().nextLong(mean); // RFC 3550 6.3.1: 0.5-1.5 x
    timer =
        vertx.setTimer(
            delay,
            id -> {
              if (!stopped) {
                send(current.get(), false);
                schedule(current);
              }
            });
  }

  private Future<Void> send(SdpNegotiation n, boolean bye) {
    if (n == null || !n.sendsMedia() && !bye) {
      return Future.succeededFuture();
    }
    InetSocketAddress to;
    DatagramSocket via;
    if (n.rtcpMux() || socket == null) {
      to = rtpTarget.get();
      via = rtp;
    } else {
      to = rtcpTarget(n);
      via = socket;
    }
    if (to == null || to.getPort() == 0 || to.getAddress().isAnyLocalAddress()) {
      return Future.succeededFuture();
    }
    int len = reporter.report(out, bye, System.nanoTime());
    metrics.rtcpOut.increment();
    return via.send(
            Buffer.buffer().appendBytes(out, 0, len),
            to.getPort(),
            to.getAddress().getHostAddress())
        .recover(e -> Future.succeededFuture());
  }

  /**
   * RTCP's address on port + 1: the SDP's while RTP goes to the SDP address; else (RTP follows a
   * source behind NAT) the RTP host, where its RTCP came from or else RTP port + 1.
   */
  private InetSocketAddress rtcpTarget(SdpNegotiation n) {
    InetSocketAddress media = rtpTarget.get();
    if (media == null || media.equals(n.remoteRtp())) {
      return n.remoteRtcp() != null ? n.remoteRtcp() : n.remoteRtp();
    }
    InetSocketAddress seen = rtcpSource;
    if (seen != null && seen.getAddress().equals(media.getAddress())) {
      return seen;
    }
    return new InetSocketAddress(media.getAddress(), Math.min(media.getPort() + 1, 65535));
  }

  /** Stops the reports, sends the BYE and closes port + 1; completes when done, never fails. */
  Future<Void> close(SdpNegotiation n) {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return send(n, true)
        .eventually(() -> socket == null ? Future.succeededFuture() : socket.close())
        .recover(e -> Future.succeededFuture());
  }
}
