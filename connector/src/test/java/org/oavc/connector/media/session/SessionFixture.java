package org.oavc.connector.media.session;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.media.session.impl.RtpSession;
import org.oavc.connector.sdp.Codec;
import org.oavc.connector.sdp.MediaDirection;
import org.oavc.connector.sdp.SdpNegotiation;

/** A Vert.x instance, a private media clock and helpers to open sessions on free loopback ports. */
public final class SessionFixture implements AutoCloseable {
  static final Codec PCMU = new Codec("PCMU", 0, 8000, 1, null);
  static final Codec G722 = new Codec("G722", 9, 8000, 1, null);
  static final int TELEPHONE_EVENT = 101;

  final Vertx vertx = Vertx.vertx();
  final MediaClock clock = new MediaClock("test-media-clock");
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  RtpSessionOptions options() {
    return new RtpSessionOptions()
        .setBindIp("127.0.0.1")
        .setClock(clock)
        .setMeterRegistry(meters)
        .setLatchThreshold(3);
  }

  RtpSession open(RtpSessionOptions options) throws Exception {
    int port = freeEvenPortPair();
    return (RtpSession)
        RtpSessions.factory(vertx, options)
            .open("call-" + port, port)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static SdpNegotiation negotiation(
      Codec codec, MediaDirection ours, InetSocketAddress remote, boolean mux) {
    InetSocketAddress rtcp =
        mux || remote == null
            ? null
            : new InetSocketAddress(remote.getAddress(), remote.getPort() + 1);
    return new SdpNegotiation("v=0\r\n", codec, TELEPHONE_EVENT, 20, ours, remote, rtcp, mux, 1, 1);
  }

  /** An even port whose successor is free too (RTCP may bind it). */
  public static int freeEvenPortPair() throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort() & ~1;
      }
      try (DatagramSocket a = new DatagramSocket(port, InetAddress.getLoopbackAddress());
          DatagramSocket b = new DatagramSocket(port + 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (java.net.SocketException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port pair");
  }

  @Override
  public void close() throws Exception {
    clock.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
