package org.oavc.connector.media.rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.oavc.connector.media.rtpengine.WebRtcOffers.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.MeterTotals;

/**
 * The ng client against a fake rtpengine on a real UDP socket: forged, late and garbled replies are
 * dropped and counted, a refusal is not a timeout, silence is retransmitted with the same cookie
 * and then fails.
 */
class RtpEngineClientBadRepliesTest {
  private Vertx vertx;
  private FakeNg fake;
  private SimpleMeterRegistry meters;
  private RtpEngineClient client;

  /** A UDP socket on 127.0.0.1 that hands each request (cookie, sender) to the test's script. */
  static final class FakeNg implements AutoCloseable {
    final DatagramSocket socket;
    final List<String> cookies = new CopyOnWriteArrayList<>();
    volatile BiConsumer<String, InetSocketAddress> script = (c, s) -> {};
    volatile InetSocketAddress lastSender;
    private final Thread thread;

    FakeNg() throws SocketException {
      socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      thread = new Thread(this::run, "fake-ng");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      byte[] buf = new byte[65535];
      while (!socket.isClosed()) {
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          socket.receive(p);
          String text = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
          String cookie = text.substring(0, text.indexOf(' '));
          cookies.add(cookie);
          lastSender = (InetSocketAddress) p.getSocketAddress();
          script.accept(cookie, (InetSocketAddress) p.getSocketAddress());
        } catch (IOException e) {
          return;
        }
      }
    }

    void reply(DatagramSocket from, InetSocketAddress to, String text) {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      try {
        from.send(new DatagramPacket(b, b.length, to));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    fake = new FakeNg();
    meters = new SimpleMeterRegistry();
    client =
        RtpEngineClient.create(
            vertx,
            new RtpEngineOptions()
                .setInstanceAddresses(List.of("127.0.0.1:" + fake.socket.getLocalPort()))
                .setTimeout(Duration.ofMillis(300))
                .setRetries(2)
                .setMeterRegistry(meters));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(client.close());
    fake.close();
    await(vertx.close());
  }

  private double ignored(String reason) {
    return MeterTotals.total(meters, "oavc_rtpengine_ignored_replies_total", "reason", reason);
  }

  @Test
  void forgedLateAndGarbledRepliesAreIgnoredAndTheRealOneCounts() throws Exception {
    try (DatagramSocket attacker = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
      fake.script =
          (cookie, client) -> {
            fake.reply(attacker, client, cookie + " d6:result2:ok3:sdp6:forgede");
            fake.reply(fake.socket, client, "notacookie d6:result2:ok3:sdp5:wronge");
            fake.reply(fake.socket, client, cookie + " this is not bencode");
            fake.reply(fake.socket, client, cookie + " d6:result2:ok3:sdp4:reale");
          };
      String sdp = await(client.offer("c1", "caller", "v=0\r\n", Map.of()));
      assertThat(sdp).isEqualTo("real");
      // A duplicate of the real reply after it was taken: its cookie waits no more.
      fake.reply(fake.socket, fake.lastSender, fake.cookies.get(0) + " d6:result2:ok3:sdp4:reale");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ignored("unknown_cookie") >= 2.0);
      assertThat(ignored("wrong_source")).isEqualTo(1.0);
      assertThat(ignored("garbled")).isEqualTo(1.0);
    }
  }

  @Test
  void aRefusalFailsAtOnceAndIsNotUnreachable() {
    fake.script =
        (cookie, client) ->
            fake.reply(
                fake.socket,
                client,
                cookie + " d12:error-reason20:Incomplete SDP offer6:result5:errore");
    assertThatThrownBy(() -> await(client.offer("c1", "caller", "v=0\r\n", Map.of())))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RtpEngineException.class)
        .hasMessageContaining("Incomplete SDP offer")
        .matches(e -> !((RtpEngineException) e).unreachable());
    assertThat(fake.cookies).hasSize(1);
    assertThat(
            MeterTotals.total(
                meters, "oavc_rtpengine_requests_total", "command", "offer", "outcome", "error"))
        .isEqualTo(1.0);
  }

  @Test
  void silenceIsRetransmittedWithTheSameCookieThenFailsAsUnreachable() {
    assertThatThrownBy(() -> await(client.offer("c1", "caller", "v=0\r\n", Map.of())))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RtpEngineException.class)
        .matches(e -> ((RtpEngineException) e).unreachable());
    assertThat(fake.cookies).hasSize(3).containsOnly(fake.cookies.get(0));
    assertThat(
            MeterTotals.total(
                meters, "oavc_rtpengine_requests_total", "command", "offer", "outcome", "timeout"))
        .isEqualTo(1.0);
  }
}
