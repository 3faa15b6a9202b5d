package org.oavc.connector.media.rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.oavc.connector.media.rtpengine.WebRtcOffers.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oavc.connector.MeterTotals;

/** The ng client against a real rtpengine: the WebRTC conversion both ways, delete, failover. */
class RtpEngineClientTest {
  private static RtpEngineProcess engine;
  private static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(RtpEngineProcess.isAvailable(), RtpEngineProcess.MISSING);
    engine = RtpEngineProcess.start("client", 22020, 22059);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  private static RtpEngineOptions options(SimpleMeterRegistry meters, String... instances) {
    return new RtpEngineOptions()
        .setInstanceAddresses(List.of(instances))
        .setTimeout(Duration.ofMillis(200))
        .setRetries(1)
        .setMeterRegistry(meters);
  }

  @Test
  void bridgesAWebRtcOfferToPlainRtpAndBackThenDeletes() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RtpEngineClient client = RtpEngineClient.create(vertx, options(meters, engine.ngAddress()));
    try {
      await(client.ping());
      String plain =
          await(
              client.offer(
                  "c1",
                  "caller",
                  WebRtcOffers.browser(50000),
                  Map.of(
                      "transport-protocol", "RTP/AVP",
                      "ICE", "remove",
                      "rtcp-mux", List.of("demux"))));
      assertThat(plain)
          .contains("RTP/AVP")
          .contains("opus/48000")
          .doesNotContain("SAVPF")
          .doesNotContain("a=fingerprint")
          .doesNotContain("a=ice-ufrag");
      String webrtc =
          await(
              client.answer(
                  "c1",
                  "caller",
                  "oavc",
                  WebRtcOffers.plainAnswer(40000),
                  Map.of(
                      "transport-protocol", "UDP/TLS/RTP/SAVPF",
                      "ICE", "force",
                      "rtcp-mux", List.of("require"))));
      assertThat(webrtc)
          .contains("UDP/TLS/RTP/SAVPF")
          .contains("a=fingerprint:")
          .contains("a=ice-ufrag:")
          .contains("a=rtcp-mux")
          .contains("opus/48000");
      assertThat(engine.hasCall("c1")).isTrue();
      await(client.delete("c1", "caller"));
      assertThat(engine.hasCall("c1")).isFalse();
      await(client.delete("c1", "caller")); // already gone: still a success
      assertThat(
              MeterTotals.total(
                  meters, "oavc_rtpengine_requests_total", "command", "offer", "outcome", "ok"))
          .isEqualTo(1.0);
    } finally {
      await(client.close());
    }
  }

  @Test
  void aSilentFirstInstanceFailsOverAndTheCallStaysOnTheSecond() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      RtpEngineClient client =
          RtpEngineClient.create(
              vertx, options(meters, "127.0.0.1:" + silent.getLocalPort(), engine.ngAddress()));
      try {
        String plain =
            await(
                client.offer(
                    "c2",
                    "caller",
                    WebRtcOffers.browser(50002),
                    Map.of("transport-protocol", "RTP/AVP", "ICE", "remove")));
        assertThat(plain).contains("RTP/AVP");
        assertThat(MeterTotals.total(meters, "oavc_rtpengine_failovers_total")).isEqualTo(1.0);
        // The answer must reach the instance that holds the call, not the preferred first one.
        String webrtc =
            await(
                client.answer(
                    "c2",
                    "caller",
                    "oavc",
                    WebRtcOffers.plainAnswer(40002),
                    Map.of("transport-protocol", "UDP/TLS/RTP/SAVPF", "ICE", "force")));
        assertThat(webrtc).contains("UDP/TLS/RTP/SAVPF");
        await(client.delete("c2", "caller"));
        assertThat(engine.hasCall("c2")).isFalse();
      } finally {
        await(client.close());
      }
    }
  }
}
