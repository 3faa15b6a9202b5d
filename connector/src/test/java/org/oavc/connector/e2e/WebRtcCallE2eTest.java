package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.media.rtpengine.RtpEngineProcess;
import org.oavc.connector.testdouble.SippOptions;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.SippRunner;

/**
 * A WebRTC offer (UDP/TLS/RTP/SAVPF, DTLS, ICE) through OpenSIPS (or its double) to the real daemon
 * and a real rtpengine: the 200 and the re-INVITE's 200 carry rtpengine's DTLS/ICE answer, the
 * connector answers rtpengine's plain offer with Opus, and the caller's BYE deletes the call in
 * rtpengine. Without rtpengine (silent or not configured) the caller gets 503 or 488 at once.
 */
class WebRtcCallE2eTest extends SippE2eTestBase {
  private RtpEngineProcess engine;

  @AfterEach
  void stopEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void aWebRtcCallIsBridgedOnInviteAndReInviteAndDeletedOnBye() throws Exception {
    assumeTrue(RtpEngineProcess.isAvailable(), RtpEngineProcess.MISSING);
    engine = RtpEngineProcess.start("webrtc-call", 22100, 22139);
    startConnector(Map.of("RTPENGINE_NG", engine.ngAddress()));
    Future<SippResult> run =
        SippRunner.run(
            new SippOptions()
                .setScenario("uac-webrtc.xml")
                .setTarget(target.sipAddress())
                .setPause(Duration.ofSeconds(2))
                .setTimeout(Duration.ofSeconds(40)));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    assertThat(engine.hasCall(live.key())).as("rtpengine holds the call").isTrue();

    SippResult r = SippCalls.await(run);
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    List<String> answers =
        SippCalls.received(r).stream()
            .filter(m -> m.startsWith("SIP/2.0 200 OK") && m.contains(" INVITE\r\n"))
            .toList();
    assertThat(answers).hasSize(2); // the INVITE's and the re-INVITE's
    for (String a : answers) {
      assertThat(a)
          .contains("a=fingerprint:sha-256 ")
          .contains("a=ice-ufrag:")
          .contains("a=rtcp-mux")
          .contains("a=rtpmap:111 opus/48000/2");
      Matcher m = Pattern.compile("m=audio (\\d+) UDP/TLS/RTP/SAVPF 111").matcher(a);
      assertThat(m.find()).as("DTLS answer with Opus in %s", a).isTrue();
      assertThat(Integer.parseInt(m.group(1))) // rtpengine's port, not the connector's
          .isBetween(engine.mediaMin(), engine.mediaMax());
    }
    CallView ended = connector.awaitEnded(live.key());
    assertThat(ended.endCause()).isEqualTo(EndCause.CALLER_BYE);
    assertThat(ended.codec()).isEqualTo("opus"); // the browser's 48 kHz Opus, wideband to the AI
    await("rtpengine forgot the call")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !engine.hasCall(live.key()));
    connector.awaitNoPortInUse();
    assertThat(connector.counter("oavc_webrtc_offers_total", "outcome", "bridged")).isEqualTo(2.0);
  }

  @Test
  void aSilentRtpEngineGets503AndLeavesNoPort() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      startConnector(
          Map.of(
              "RTPENGINE_NG", "127.0.0.1:" + silent.getLocalPort(),
              "RTPENGINE_TIMEOUT_MS", "100",
              "RTPENGINE_RETRIES", "1"));
      SippResult r =
          SippCalls.await(SippCalls.place(target, "uac-webrtc-reject.xml", Duration.ofSeconds(30)));
      assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
      assertThat(SippCalls.received(r)).anyMatch(m -> m.startsWith("SIP/2.0 503"));
      assertThat(connector.awaitAnyEnded().endCause()).isEqualTo(EndCause.REJECTED_MEDIA_BRIDGE);
      connector.awaitNoPortInUse();
      assertThat(connector.counter("oavc_webrtc_offers_total", "outcome", "unavailable"))
          .isEqualTo(1.0);
    }
  }

  @Test
  void withoutRtpEngineAWebRtcOfferGets488() throws Exception {
    startConnector(Map.of());
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-webrtc-reject.xml", Duration.ofSeconds(30)));
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    assertThat(SippCalls.received(r)).anyMatch(m -> m.startsWith("SIP/2.0 488"));
    assertThat(connector.awaitAnyEnded().endCause()).isEqualTo(EndCause.REJECTED_MEDIA);
    assertThat(connector.counter("oavc_webrtc_offers_total", "outcome", "not_configured"))
        .isEqualTo(1.0);
  }
}
