package org.oavc.connector.media.session.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocket;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reader takes every datagram off the channel before Vert.x does, on NIO and on epoll: the
 * bytes (small ones in the shared array, large ones in their own) and the real sender.
 */
class DatagramReaderTest {

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void datagramsReachTheReaderAndNotVertx(boolean epoll) throws Exception {
    Vertx vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(epoll)).build();
    try {
      assertThat(vertx.isNativeTransportEnabled()).isEqualTo(epoll);
      DatagramSocket socket = vertx.createDatagramSocket();
      AtomicInteger viaVertx = new AtomicInteger();
      socket.handler(p -> viaVertx.incrementAndGet());
      byte[] shared = new byte[64];
      List<String> got = new CopyOnWriteArrayList<>();
      assertThat(
              DatagramReader.install(
                  new DatagramWriter(socket).channel(),
                  shared,
                  (bytes, length, sender) ->
                      got.add(
                          (bytes == shared ? "shared " : "own ")
                              + length
                              + " "
                              + (bytes[0] & 0xFF)
                              + "-"
                              + (bytes[length - 1] & 0xFF)
                              + " from "
                              + sender.getPort())))
          .isTrue();
      socket
          .listen(0, "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", socket.localAddress().port());
      try (java.net.DatagramSocket peer =
          new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        byte[] small = new byte[40];
        small[0] = 1;
        small[39] = 2;
        byte[] large = new byte[300];
        large[0] = 3;
        large[299] = 4;
        peer.send(new DatagramPacket(small, small.length, to));
        peer.send(new DatagramPacket(large, large.length, to));
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 2);
        int port = peer.getLocalPort();
        assertThat(got).containsExactly("shared 40 1-2 from " + port, "own 300 3-4 from " + port);
      }
      Thread.sleep(100);
      assertThat(viaVertx.get()).as("the Vert.x handler gets nothing the reader took").isZero();
      socket.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
