package org.oavc.connector.media.rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.oavc.connector.media.rtpengine.WebRtcOffers.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.MeterTotals;
import org.oavc.connector.call.MediaBridge;
import org.oavc.connector.sdp.SdpException;

/**
 * The bridge against a fake rtpengine (a real UDP socket): which offers it takes, a refusal as 488,
 * and a call that ended while its offer was in flight still deleted once the offer lands.
 */
class RtpEngineBridgeTest {
  private Vertx vertx;
  private RtpEngineClientBadRepliesTest.FakeNg fake;
  private SimpleMeterRegistry meters;
  private MediaBridge bridge;
  private io.vertx.core.Context context; // the bridge's, as the controller's is in the daemon
  private final List<String> commands = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    fake = new RtpEngineClientBadRepliesTest.FakeNg();
    meters = new SimpleMeterRegistry();
    RtpEngineOptions o =
        new RtpEngineOptions()
            .setInstanceAddresses(List.of("127.0.0.1:" + fake.socket.getLocalPort()))
            .setTimeout(Duration.ofSeconds(5))
            .setRetries(0)
            .setMeterRegistry(meters);
    // Made on a Vert.x context, as the daemon makes it on the controller's.
    bridge =
        onContext(() -> Future.succeededFuture(RtpEngineBridge.create(vertx, o)))
            .toCompletionStage()
            .toCompletableFuture()
            .get();
  }

  @AfterEach
  void tearDown() throws Exception {
    fake.close();
    await(vertx.close());
  }

  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    context.runOnContext(v -> work.get().onComplete(p));
    return p.future();
  }

  private void answerEvery(String reply) {
    fake.script =
        (cookie, client) -> {
          commands.add(cookie);
          fake.reply(fake.socket, client, cookie + " " + reply);
        };
  }

  @Test
  void plainOffersPassUntouchedAlsoWithIce() throws Exception {
    String ice =
        "v=0\r\nm=audio 4000 RTP/AVP 0\r\na=ice-ufrag:x\r\na=ice-pwd:yyyyyyyyyyyyyyyyyyyyyy\r\n";
    assertThat(await(onContext(() -> bridge.callerOffer("k1", ice)))).isSameAs(ice);
    assertThat(await(onContext(() -> bridge.ourAnswer("k1", "ours")))).isEqualTo("ours");
    assertThat(RtpEngineBridge.needsBridge(WebRtcOffers.browser(5000))).isTrue();
    assertThat(RtpEngineBridge.needsBridge("m=audio 4000 RTP/SAVP 0\r\n")).isTrue();
    assertThat(fake.cookies).isEmpty();
  }

  @Test
  void aRefusalIs488() {
    answerEvery("d12:error-reason20:Incomplete SDP offer6:result5:errore");
    assertThatThrownBy(
            () -> await(onContext(() -> bridge.callerOffer("k2", WebRtcOffers.browser(5000)))))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(SdpException.class)
        .matches(e -> ((SdpException) e).sipStatus() == 488);
    assertThat(MeterTotals.total(meters, "oavc_webrtc_offers_total", "outcome", "refused"))
        .isEqualTo(1.0);
  }

  @Test
  void aCallEndedDuringItsOfferIsDeletedOnceTheOfferLands() {
    List<InetSocketAddress> clients = new CopyOnWriteArrayList<>();
    List<String> waiting = new CopyOnWriteArrayList<>();
    // Hold the offer's reply; answer everything after it (the deletes) at once.
    fake.script =
        (cookie, client) -> {
          clients.add(client);
          if (waiting.isEmpty()) {
            waiting.add(cookie);
          } else {
            fake.reply(fake.socket, client, cookie + " d6:result2:oke");
          }
        };
    Future<String> offer = onContext(() -> bridge.callerOffer("k3", WebRtcOffers.browser(5000)));
    await().atMost(Duration.ofSeconds(10)).until(() -> fake.cookies.size() == 1);
    context.runOnContext(v -> bridge.ended("k3")); // first delete
    await().atMost(Duration.ofSeconds(10)).until(() -> fake.cookies.size() == 2);
    fake.reply(fake.socket, clients.get(0), waiting.get(0) + " d6:result2:ok3:sdp10:v=0 plain.e");
    await().atMost(Duration.ofSeconds(10)).until(offer::isComplete);
    // rtpengine may have made the call after that first delete: a second one follows.
    await().atMost(Duration.ofSeconds(10)).until(() -> fake.cookies.size() == 3);
  }
}
