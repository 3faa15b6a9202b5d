package org.oavc.connector.media.session.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocket;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The direct channel write reaches a real loopback peer, and really is the direct path, on Java NIO
 * and on Netty's epoll transport (the daemon's default, NATIVE_TRANSPORT).
 */
class DatagramWriterTest {
  private Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void writesTheGivenBytesToTheAddress() throws Exception {
    writesTheGivenBytes();
  }

  @Test
  void writesTheGivenBytesOnTheEpollTransport() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
    assertThat(vertx.isNativeTransportEnabled())
        .as("epoll loads on Linux (%s)", vertx.unavailableNativeTransportCause())
        .isTrue();
    writesTheGivenBytes();
  }

  private void writesTheGivenBytes() throws Exception {
    DatagramSocket socket = vertx.createDatagramSocket();
    socket
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    try (java.net.DatagramSocket peer =
        new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      peer.setSoTimeout(10_000);
      DatagramWriter writer = new DatagramWriter(socket);
      byte[] packet = new byte[200];
      for (int i = 0; i < packet.length; i++) {
        packet[i] = (byte) (i * 7);
      }
      // Only the first 172 bytes count; the rest of the array is not sent.
      assertThat(writer.write(packet, 172, (InetSocketAddress) peer.getLocalSocketAddress()))
          .as("the Vert.x datagram channel is reachable (else every packet takes the slow send)")
          .isTrue();
      DatagramPacket got = new DatagramPacket(new byte[300], 300);
      peer.receive(got);
      assertThat(Arrays.copyOf(got.getData(), got.getLength()))
          .isEqualTo(Arrays.copyOf(packet, 172));
      assertThat(got.getPort()).isEqualTo(socket.localAddress().port());
    } finally {
      socket.close();
    }
  }

  @Test
  void anUnresolvedAddressIsLeftToTheOrdinarySend() throws Exception {
    DatagramSocket socket = vertx.createDatagramSocket();
    try {
      assertThat(
              new DatagramWriter(socket)
                  .write(
                      new byte[12], 12, InetSocketAddress.createUnresolved("peer.invalid", 4000)))
          .isFalse();
    } finally {
      socket.close();
    }
  }
}
