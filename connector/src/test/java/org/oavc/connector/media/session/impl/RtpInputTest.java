package org.oavc.connector.media.session.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.oavc.connector.media.rtp.RtpSourceLatch;

/**
 * Both ways into {@link RtpInput} treat a datagram the same: the direct one ({@link
 * DatagramReader}) and Vert.x's handler, the fallback when the channel cannot be reached.
 */
class RtpInputTest {
  private final MediaMetrics metrics = new MediaMetrics(new SimpleMeterRegistry());

  private RtpInput input() {
    RtpSourceLatch latch = new RtpSourceLatch(3, 0, 0);
    RtpReceiver receiver = new RtpReceiver(latch, d -> {});
    RtcpReporter rtcp =
        new RtcpReporter(new RtpSender(1234, (p, n) -> true), receiver, "test", metrics);
    return new RtpInput("k", receiver, latch, rtcp, metrics);
  }

  private static byte[] rtp(int seq) {
    byte[] p = new byte[12 + 160];
    p[0] = (byte) 0x80;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[11] = 7; // SSRC
    return p;
  }

  @Test
  void beforeANegotiationRtpIsHeldOnTheDirectPath() {
    RtpInput in = input();
    for (int seq = 1; seq <= 2; seq++) {
      byte[] p = rtp(seq);
      in.onDatagram(p, p.length, new InetSocketAddress("127.0.0.1", 4000));
    }
    assertThat(in.earlyHeld()).isEqualTo(2);
    assertThat(in.invalid()).isZero();
  }

  @Test
  void theVertxFallbackHoldsEarlyRtpToo() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      RtpInput in = input();
      DatagramSocket socket = vertx.createDatagramSocket();
      socket.handler(in::onDatagram); // no DatagramReader: every datagram comes through Vert.x
      socket
          .listen(0, "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", socket.localAddress().port());
      try (java.net.DatagramSocket peer =
          new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        for (int seq = 1; seq <= 3; seq++) {
          byte[] p = rtp(seq);
          peer.send(new DatagramPacket(p, p.length, to));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> in.earlyHeld() == 3);
      }
      socket.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
