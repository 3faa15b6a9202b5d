package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.ai.PcmuCaller;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.media.rtpengine.RtpEngineProcess;

/**
 * Media of a WebRTC call end to end, without a browser: a second real rtpengine (B) plays the
 * browser's media stack. A plain RTP phone (PCMU from a Java socket) -> B, which turns its offer
 * into UDP/TLS/RTP/SAVPF with ICE -> the INVITE through OpenSIPS (or the double) -> the connector,
 * which bridges it through its own rtpengine (A). Media then flows phone &lt;-&gt; B
 * &lt;-DTLS-SRTP, ICE-&gt; A &lt;-&gt; connector, and the echo agent's audio must come back to the
 * phone. The BYE deletes the call in A (the connector) and in B (the test, as the browser would).
 */
class WebRtcMediaE2eTest extends SippE2eTestBase {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private RtpEngineProcess engineA;
  private RtpEngineProcess engineB;

  @AfterEach
  void stopEngines() {
    if (engineA != null) {
      engineA.close();
    }
    if (engineB != null) {
      engineB.close();
    }
  }

  @Test
  void theEchoComesBackThroughTwoRtpEnginesOverDtlsSrtpAndTheByeDeletesBoth() throws Exception {
    assumeTrue(RtpEngineProcess.isAvailable(), RtpEngineProcess.MISSING);
    engineA = RtpEngineProcess.start("webrtc-media-a", 22140, 22179);
    engineB = RtpEngineProcess.start("webrtc-media-b", 22180, 22219);
    startConnector(
        Map.of(
            "RTPENGINE_NG", engineA.ngAddress(),
            "AI_FLAVOR", "echo",
            "ECHO_DELAY_MS", "300",
            "SDP_CODECS", "PCMU",
            "ECHO_CODECS", "PCMU"));
    try (PcmuCaller phone = new PcmuCaller(0);
        RawSipCaller sip = new RawSipCaller(target.sipAddress())) {
      String phoneSdp =
          "v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
              + "m=audio "
              + phone.address().getPort()
              + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
      String browserOffer =
          sdpOf(
              engineB.request(
                  Map.of(
                      "command", "offer",
                      "call-id", "browser-1",
                      "from-tag", "phone",
                      "sdp", phoneSdp,
                      "transport-protocol", "UDP/TLS/RTP/SAVPF",
                      "ICE", "force",
                      "rtcp-mux", List.of("offer"))));
      assertThat(browserOffer).contains("UDP/TLS/RTP/SAVPF").contains("a=fingerprint:");

      String connectorAnswer = sip.invite(browserOffer);
      assertThat(connectorAnswer).contains("UDP/TLS/RTP/SAVPF").contains("a=fingerprint:");
      String phoneAnswer =
          sdpOf(
              engineB.request(
                  Map.of(
                      "command", "answer",
                      "call-id", "browser-1",
                      "from-tag", "phone",
                      "to-tag", "browser",
                      "sdp", connectorAnswer,
                      "transport-protocol", "RTP/AVP",
                      "ICE", "remove",
                      "rtcp-mux", List.of("demux"))));
      Matcher m = Pattern.compile("m=audio (\\d+) RTP/AVP 0").matcher(phoneAnswer);
      assertThat(m.find()).as("plain PCMU answer for the phone in %s", phoneAnswer).isTrue();
      phone.sendTo(Integer.parseInt(m.group(1)));

      CallView live = connector.awaitLiveCall(CallState.ACTIVE);
      assertThat(engineA.hasCall(live.key())).isTrue();
      // Silence flows both ways first (ICE and DTLS settle), then a burst of tone is said.
      await("RTP back to the phone through B and A")
          .atMost(WAIT)
          .until(() -> phone.packetsReceived.get() >= 10);
      phone.burstFrames.set(10);
      await("the echo of the tone back at the phone")
          .atMost(WAIT)
          .until(() -> phone.loudReceived.get() >= 3);
      assertThat(engineA.logText())
          .as("A and B secured the media between them (A's log %s)", engineA.log())
          .contains("ICE negotiated")
          .contains("DTLS-SRTP successfully negotiated");

      sip.bye();
      assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.CALLER_BYE);
      engineB.request(Map.of("command", "delete", "call-id", "browser-1", "from-tag", "phone"));
      await("both rtpengines forgot the call")
          .atMost(WAIT)
          .until(() -> !engineA.hasCall(live.key()) && !engineB.hasCall("browser-1"));
      connector.awaitNoPortInUse();
    }
  }

  private static String sdpOf(Map<String, Object> reply) {
    assertThat(reply.get("result")).as("rtpengine reply %s", reply).isEqualTo("ok");
    return (String) reply.get("sdp");
  }
}
