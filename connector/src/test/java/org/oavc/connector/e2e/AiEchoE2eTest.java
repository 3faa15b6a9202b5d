package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.oavc.connector.ai.PcmuCaller;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.WireRecord;

/**
 * The AI side on whole calls: SIPp places the call through OpenSIPS (double or real), the daemon
 * runs the echo flavor, and a Java RTP peer plays the caller's media (the connector latches to it).
 */
class AiEchoE2eTest extends SippE2eTestBase {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void theFlavorsOwnCodecListDecidesTheAnswer() throws Exception {
    // SIPp offers PCMU, PCMA and G.722: SDP_CODECS alone would answer G.722; the echo flavor's
    // own list (ECHO_CODECS) answers PCMA.
    startConnector(
        Map.of("AI_FLAVOR", "echo", "SDP_CODECS", "G722,PCMU", "ECHO_CODECS", "PCMA,PCMU"));
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-answer-bye.xml", Duration.ofSeconds(30)));
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    String answer =
        SippCalls.received(r).stream()
            .filter(m -> m.startsWith("SIP/2.0 200 OK") && m.contains("CSeq: 1 INVITE"))
            .findFirst()
            .orElseThrow();
    assertThat(answer).contains(" RTP/AVP 8 101\r\n");
    assertThat(connector.awaitAnyEnded().codec()).isEqualTo("PCMA");
    connector.awaitNoPortInUse();
  }

  @Test
  void echoFlavorPlaysTheCallerBackAfterTheDelayAndMeasuresTheRoundTrip() throws Exception {
    startConnector(Map.of("AI_FLAVOR", "echo", "ECHO_DELAY_MS", "300"));
    Future<SippResult> sipp =
        SippCalls.place(target, "uac-pcmu-wait-bye.xml", Duration.ofSeconds(40));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    try (PcmuCaller caller = new PcmuCaller(live.localRtpPort())) {
      // silence first, so the connector latches to us before anything is said
      await().atMost(WAIT).until(() -> caller.packetsReceived.get() >= 10);
      caller.loopBack.set(true); // the line returns what it hears: the echo flavor measures it
      long talkStart = System.nanoTime();
      caller.talking.set(true);
      Thread.sleep(100); // a short burst, shorter than the delay, so echoes stay apart
      caller.talking.set(false);
      await().atMost(WAIT).until(() -> caller.loudReceived.get() >= 3);
      long delayMs = (caller.firstLoudNanos.get() - talkStart) / 1_000_000;
      assertThat(delayMs)
          .as("our own voice comes back after ECHO_DELAY_MS")
          .isGreaterThanOrEqualTo(300);

      JsonObject rtt =
          await()
              .atMost(WAIT)
              .until(
                  () -> aiDetails(live.key()).getJsonObject("stats").getJsonObject("roundTrip"),
                  r -> r.getLong("samples", 0L) >= 1);
      assertThat(rtt.getLong("minMillis")).isBetween(0L, 1500L);
      JsonObject ai = aiDetails(live.key());
      assertThat(ai.getString("flavor")).isEqualTo("echo");
      assertThat(ai.getJsonObject("stats").getInteger("sampleRate")).isEqualTo(8000);
      assertThat(connector.daemon.meters().find("oavc_ai_echo_rtt_seconds").timer().count())
          .isPositive();
    }
    assertThat(connector.http("DELETE", "/calls/" + live.key()).statusCode()).isEqualTo(202);
    assertThat(SippCalls.await(sipp).allCallsSucceeded()).isTrue();
    assertThat(connector.daemon.callControl().agent().activeConversations()).isZero();
    assertThat(connector.counter("oavc_ai_sessions_total", "outcome", "started")).isEqualTo(1.0);
    connector.awaitNoPortInUse();
  }

  @Test
  void transferToolRefersTheCallerThenDropsOurLeg() throws Exception {
    startConnector(
        Map.of("AI_FLAVOR", "echo", "TRANSFER_DEFAULT_URI", "sip:operator@127.0.0.1:5999"));
    Future<SippResult> sipp = SippCalls.place(target, "uac-transfer.xml", Duration.ofSeconds(40));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    await()
        .atMost(WAIT)
        .until(() -> connector.daemon.callControl().agent().activeConversations() == 1);

    JsonObject result =
        connector
            .daemon
            .callControl()
            .agent()
            .invokeTool(live.key(), "transfer", new JsonObject())
            .toCompletionStage()
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);
    assertThat(result.getString("result")).isEqualTo("transferred");

    SippResult r = SippCalls.await(sipp);
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    assertThat(SippCalls.messages(r))
        .contains("REFER sip:")
        .contains("Refer-To: <sip:operator@127.0.0.1:5999>");
    assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.TRANSFERRED);
    if (target.isDouble()) {
      JsonObject update =
          target.requireDouble().miRequests().stream()
              .map(WireRecord::text)
              .map(JsonObject::new)
              .filter(j -> "ua_session_update".equals(j.getString("method")))
              .findFirst()
              .orElseThrow()
              .getJsonObject("params");
      assertThat(update.getString("method")).isEqualTo("REFER");
      assertThat(update.getString("body"))
          .as("OpenSIPS 3.4 sends extra_headers only with a body")
          .isEmpty();
      assertThat(update.getString("extra_headers"))
          .isEqualTo("Refer-To: <sip:operator@127.0.0.1:5999>\r\n");
    }
    connector.awaitNoPortInUse();
  }

  @Test
  void backEndDownWithRejectAnswers503WithRetryAfter() throws Exception {
    startConnector(
        Map.of(
            "AI_FLAVOR",
            "realtime",
            "REALTIME_URL",
            "ws://127.0.0.1:9",
            "AI_FAILURE_ACTION",
            "reject",
            "AI_CONNECT_TIMEOUT_MS",
            "1000"));
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-reject.xml", Duration.ofSeconds(30)));

    assertThat(SippCalls.messages(r))
        .contains("SIP/2.0 503 Service Unavailable")
        .contains("Retry-After: ");
    assertThat(connector.awaitAnyEnded().endCause()).isEqualTo(EndCause.REJECTED_AI_UNAVAILABLE);
    assertThat(connector.counter("oavc_ai_sessions_total", "outcome", "failed_start"))
        .isEqualTo(1.0);
    await()
        .atMost(WAIT)
        .until(() -> connector.daemon.callControl().agent().activeConversations() == 0);
    connector.awaitNoPortInUse();
  }

  @Test
  void rejectModeProbesBeforeTheAnswerAndKeepsThatSessionForTheCall() throws Exception {
    startConnector(Map.of("AI_FLAVOR", "echo", "AI_FAILURE_ACTION", "reject"));
    Future<SippResult> sipp = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    await()
        .atMost(WAIT)
        .until(() -> connector.daemon.callControl().agent().activeConversations() == 1);
    assertThat(connector.counter("oavc_ai_sessions_total", "outcome", "started")).isEqualTo(1.0);
    assertThat(connector.http("DELETE", "/calls/" + live.key()).statusCode()).isEqualTo(202);
    assertThat(SippCalls.await(sipp).allCallsSucceeded()).isTrue();
    await()
        .atMost(WAIT)
        .until(() -> connector.daemon.callControl().agent().activeConversations() == 0);
    assertThat(aiDetails(live.key()).getString("flavor")).isEqualTo("echo");
    connector.awaitNoPortInUse();
  }

  @Test
  void backEndDownWithApologyAnswersApologisesAndHangsUp() throws Exception {
    startConnector(
        Map.of(
            "AI_FLAVOR",
            "realtime",
            "REALTIME_URL",
            "ws://127.0.0.1:9",
            "AI_FAILURE_ACTION",
            "apology",
            "AI_CONNECT_TIMEOUT_MS",
            "1000"));
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40)));

    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    assertThat(SippCalls.messages(r)).contains("BYE sip:caller@");
    CallView ended = connector.awaitAnyEnded();
    assertThat(ended.endCause()).isEqualTo(EndCause.AI_FAILED);
    // the BYE only left once the apology had played out
    long apologyMs = org.oavc.connector.ai.impl.Apology.shipped().durationMillis();
    assertThat(Duration.between(ended.answeredAt(), ended.endedAt()).toMillis())
        .isGreaterThanOrEqualTo(apologyMs);
    connector.awaitNoPortInUse();
  }

  private JsonObject aiDetails(String key) throws Exception {
    return new JsonObject(connector.http("GET", "/calls/" + key).body()).getJsonObject("ai");
  }
}
