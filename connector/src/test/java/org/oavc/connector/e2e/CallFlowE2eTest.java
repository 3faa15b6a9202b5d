package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.testdouble.SippResult;

/**
 * Whole calls: SIPp -> OpenSIPS (the test double, or a real one when OPENSIPS_MI/OPENSIPS_SIP are
 * set) -> E_UA_SESSION -> the real daemon -> MI -> SIP back to SIPp. Assertions read what SIPp saw
 * on the wire and the daemon's own call records, so they hold for either target.
 */
class CallFlowE2eTest extends SippE2eTestBase {

  @Test
  void answersWithSdpAndReleasesThePortWhenTheCallerHangsUp() throws Exception {
    startConnector(Map.of());
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-answer-bye.xml", Duration.ofSeconds(30)));

    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    String answer =
        SippCalls.received(r).stream()
            .filter(m -> m.startsWith("SIP/2.0 200 OK") && m.contains("CSeq: 1 INVITE"))
            .findFirst()
            .orElseThrow();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("m=audio (\\d+) RTP/AVP 9 101\r\n").matcher(answer);
    assertThat(m.find()).as("wideband G.722 + telephone-event answer in %s", answer).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isBetween(connector.rtpMin, connector.rtpMax);
    assertThat(answer).contains("c=IN IP4 127.0.0.1");
    CallView ended = connector.awaitAnyEnded();
    assertThat(ended.endCause()).isEqualTo(EndCause.CALLER_BYE);
    assertThat(ended.codec()).isEqualTo("G722"); // wideband first when offered
    assertThat(ended.localRtpPort()).isBetween(connector.rtpMin, connector.rtpMax);
    connector.awaitNoPortInUse();
    assertThat(connector.counter("oavc_calls_total", "outcome", "caller_bye")).isEqualTo(1.0);
  }

  @Test
  void hangupThroughTheApiSendsByeAndFrees() throws Exception {
    startConnector(Map.of());
    Future<SippResult> call = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);

    HttpResponse<String> detail = connector.http("GET", "/calls/" + live.key());
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(detail.body()).getString("state")).isEqualTo("ACTIVE");
    assertThat(connector.http("DELETE", "/calls/" + live.key()).statusCode()).isEqualTo(202);

    SippResult r = SippCalls.await(call);
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    assertThat(SippCalls.messages(r)).contains("BYE sip:caller@");
    assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.HANGUP);
    connector.awaitNoPortInUse();
    assertThat(connector.http("DELETE", "/calls/" + live.key()).statusCode()).isEqualTo(404);
  }

  @Test
  void cancelWhileRingingGets487FromUs() throws Exception {
    startConnector(Map.of("RING_MS", "8000"));
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-cancel.xml", Duration.ofSeconds(40)));

    String wire = SippCalls.messages(r);
    assertThat(wire).contains("SIP/2.0 180 Ringing").contains("SIP/2.0 487");
    assertThat(SippCalls.received(r))
        .as("no 200 for the cancelled INVITE")
        .noneMatch(msg -> msg.startsWith("SIP/2.0 200") && msg.contains("CSeq: 1 INVITE"));
    CallView ended = connector.awaitAnyEnded();
    assertThat(ended.endCause()).isEqualTo(EndCause.CALLER_CANCEL);
    assertThat(ended.finalStatus()).isEqualTo(487);
    connector.awaitNoPortInUse();
  }

  @Test
  void offerWithoutACommonCodecIsRejected488() throws Exception {
    startConnector(Map.of());
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-g729-only.xml", Duration.ofSeconds(30)));

    assertThat(SippCalls.messages(r)).contains("SIP/2.0 488 Not Acceptable Here");
    CallView ended = connector.awaitAnyEnded();
    assertThat(ended.endCause()).isEqualTo(EndCause.REJECTED_MEDIA);
    connector.awaitNoPortInUse();
    if (target.isDouble()) {
      // The rejected session must not linger in OpenSIPS (it would until the 12 h timer).
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> target.requireDouble().sessionKeys().isEmpty());
    }
  }

  @Test
  void exhaustedPortRangeAnswers503WithRetryAfter() throws Exception {
    startConnector(Map.of("RTP_MIN_PORT", "36990", "RTP_MAX_PORT", "36990"));
    Future<SippResult> first = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40));
    CallView holding = connector.awaitLiveCall(CallState.ACTIVE);

    SippResult second =
        SippCalls.await(SippCalls.place(target, "uac-reject.xml", Duration.ofSeconds(30)));
    String wire = SippCalls.messages(second);
    assertThat(wire).contains("SIP/2.0 503 Service Unavailable").contains("Retry-After: 30");
    // Counted when OpenSIPS confirms the 503, which may come after SIPp saw it and finished.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(connector.counter("oavc_calls_total", "outcome", "rejected_no_ports"))
                    .isEqualTo(1.0));

    connector.http("DELETE", "/calls/" + holding.key());
    assertThat(SippCalls.await(first).allCallsSucceeded()).isTrue();
    connector.awaitNoPortInUse();
  }

  @Test
  void holdAndResumeReInvitesAreAnsweredWithTheRightDirection() throws Exception {
    startConnector(Map.of());
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-hold-resume.xml", Duration.ofSeconds(40)));

    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    String wire = SippCalls.messages(r);
    assertThat(wire).contains("a=recvonly");
    assertThat(wire.indexOf("a=recvonly")).isLessThan(wire.lastIndexOf("a=sendrecv"));
    CallView ended = connector.awaitAnyEnded();
    assertThat(ended.endCause()).isEqualTo(EndCause.CALLER_BYE);
    assertThat(ended.mediaDirection()).isEqualTo("sendrecv");
  }

  @Test
  void aReInviteRightAfterTheAckIsAnsweredEvenBeforeOpenSipsConfirmsOur200() throws Exception {
    startConnector(Map.of());
    if (target.isDouble()) {
      // Make the race certain: the 200 leaves at once, OpenSIPS's "OK" for it comes 150 ms
      // later (within the connector's 500 ms MI timeout, also for the requests queued behind).
      target.requireDouble().delayMiReplies(150);
    }
    SippResult r =
        SippCalls.await(
            SippCalls.place(target, "uac-reinvite-at-once.xml", Duration.ofSeconds(40)));

    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    String wire = SippCalls.messages(r);
    assertThat(wire).doesNotContain("SIP/2.0 491").contains("a=recvonly");
    assertThat(connector.awaitAnyEnded().endCause()).isEqualTo(EndCause.CALLER_BYE);
    connector.awaitNoPortInUse();
  }

  @Test
  void everyInDialogRequestGetsAnAnswer() throws Exception {
    startConnector(Map.of());
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-in-dialog.xml", Duration.ofSeconds(60)));

    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    String wire = SippCalls.messages(r);
    for (String method : new String[] {"INFO", "OPTIONS", "UPDATE", "NOTIFY"}) {
      assertThat(wire)
          .as("200 for %s", method)
          .containsPattern("SIP/2.0 200 OK[\\s\\S]*?CSeq: \\d+ " + method);
    }
    assertThat(wire).doesNotContain("SIP/2.0 408").doesNotContain("SIP/2.0 481");
    assertThat(connector.awaitAnyEnded().endCause()).isEqualTo(EndCause.CALLER_BYE);
  }
}
