package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.testdouble.OpenSipsDouble;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.WireRecord;

/**
 * What OpenSIPS does behind the connector's back (silent session loss, restarts, MI outages) and
 * bad input on the event socket: no call is left without an answer and no port leaks.
 */
class ResilienceE2eTest extends SippE2eTestBase {

  @Test
  void sessionLostSilentlyInOpenSipsIsFoundAndReleased() throws Exception {
    OpenSipsDouble dbl = target.requireDouble();
    startConnector(Map.of());
    Future<SippResult> call = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);

    dbl.expireSession(live.key()); // the session timer: BYE to the caller, no event to us

    assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.LOST);
    connector.awaitNoPortInUse();
    assertThat(SippCalls.await(call).allCallsSucceeded()).isTrue();
  }

  @Test
  void openSipsRestartIsDetectedCallsReconciledAndNewCallsWork() throws Exception {
    OpenSipsDouble dbl = target.requireDouble();
    startConnector(Map.of());
    Future<SippResult> held = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(15));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);

    java.time.Instant restartedAt = java.time.Instant.now();
    dbl.restart(); // subscriptions and sessions gone, "Up since" changes

    assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.LOST);
    await("resubscribed after the restart")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                dbl.miRequests().stream()
                        .anyMatch(
                            w ->
                                w.time().isAfter(restartedAt)
                                    && w.text().contains("event_subscribe"))
                    && connector.daemon.callControl().subscribed());
    SippResult next =
        SippCalls.await(SippCalls.place(target, "uac-answer-bye.xml", Duration.ofSeconds(30)));
    assertThat(next.allCallsSucceeded()).as("SIPp in %s", next.outputDir()).isTrue();
    SippCalls.await(held); // the lost call's caller gives up on its own; nothing to assert there
    connector.awaitNoPortInUse();
  }

  @Test
  void garbageAndDuplicateEventsAreCountedAndHarmless() throws Exception {
    OpenSipsDouble dbl = target.requireDouble();
    startConnector(Map.of());
    int port = connector.daemon.eventPort();
    try (DatagramSocket s = new DatagramSocket()) {
      for (String junk :
          new String[] {
            "hello",
            "{\"jsonrpc\":\"2.0\",\"method\":\"E_UA_SESSION\"",
            "{\"jsonrpc\":\"2.0\",\"method\":\"E_OTHER\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"E_UA_SESSION\",\"params\":{\"key\":5}}",
            ""
          }) {
        byte[] b = junk.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
      }
      byte[] huge = new byte[60000];
      s.send(new DatagramPacket(huge, huge.length, InetAddress.getLoopbackAddress(), port));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                connector.daemon.meters().find("oavc_events_dropped_total").counters().stream()
                        .mapToDouble(c -> c.count())
                        .sum()
                    >= 5);

    Future<SippResult> call = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    WireRecord newEvent =
        dbl.eventsSent().stream()
            .filter(w -> w.text().contains("\"event_type\":\"NEW\""))
            .findFirst()
            .orElseThrow();
    try (DatagramSocket s = new DatagramSocket()) {
      s.send(
          new DatagramPacket(
              newEvent.bytes(), newEvent.bytes().length, InetAddress.getLoopbackAddress(), port));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                connector.daemon.meters().counter("oavc_events_duplicate_new_total").count()
                    == 1.0);
    assertThat(connector.daemon.ports().inUse())
        .isEqualTo(2); // one call: RTP + RTCP pair (no rtcp-mux)

    connector.http("DELETE", "/calls/" + live.key());
    assertThat(SippCalls.await(call).allCallsSucceeded()).isTrue();
    connector.awaitNoPortInUse();
  }

  @Test
  void miOutageDuringSetUpLeaksNothing() throws Exception {
    OpenSipsDouble dbl = target.requireDouble();
    startConnector(Map.of());
    dbl.pauseMi(); // OpenSIPS's MI process stops answering; SIP and events still flow
    Future<SippResult> call = SippCalls.place(target, "uac-no-answer.xml", Duration.ofSeconds(8));

    CallView ended = connector.awaitAnyEnded();
    assertThat(ended.endCause()).isEqualTo(EndCause.SETUP_ERROR);
    connector.awaitNoPortInUse();
    dbl.resumeMi();
    SippCalls.await(call);
  }

  @Test
  void lostMiReplyToOurAnswerNeverLeavesTheCallerInASilentCall() throws Exception {
    OpenSipsDouble dbl = target.requireDouble();
    startConnector(Map.of());
    dbl.delayMiReplies(1500); // the 200 goes out, but its MI "OK" (and the next) come too late
    Future<SippResult> call = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40));

    CallView ended = connector.awaitAnyEnded();
    assertThat(ended.endCause()).isEqualTo(EndCause.SETUP_ERROR);
    connector.awaitNoPortInUse();
    dbl.delayMiReplies(0);
    SippResult r = SippCalls.await(call);
    assertThat(r.allCallsSucceeded())
        .as("the caller got our BYE, SIPp in %s", r.outputDir())
        .isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> dbl.sessionKeys().isEmpty());
  }

  @Test
  void callerThatSendsNoRtpIsHungUpAfterTheTimeout() throws Exception {
    startConnector(Map.of("RTP_TIMEOUT_S", "2"));
    // SIPp's uac-wait-bye sends no RTP at all: the caller "vanished" right after the ACK.
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40)));

    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    assertThat(SippCalls.messages(r)).contains("BYE sip:caller@");
    assertThat(connector.awaitAnyEnded().endCause()).isEqualTo(EndCause.RTP_TIMEOUT);
    connector.awaitNoPortInUse();
  }

  @Test
  void aSilentHeldCallOutlivesTheRtpTimeoutAndIsHeldToTheHoldTimeout() throws Exception {
    // RTP_TIMEOUT_S=2 would end this silent call; the hold re-INVITE comes at once, and while
    // held the call falls under RTP_HOLD_TIMEOUT_S (5 s of hold, then resume and BYE).
    startConnector(Map.of("RTP_TIMEOUT_S", "2", "RTP_HOLD_TIMEOUT_S", "30"));
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-hold-silent.xml", Duration.ofSeconds(40)));

    assertThat(r.allCallsSucceeded())
        .as("no BYE from us during the hold, SIPp in %s", r.outputDir())
        .isTrue();
    assertThat(connector.awaitAnyEnded().endCause()).isEqualTo(EndCause.CALLER_BYE);
    connector.awaitNoPortInUse();
  }

  @Test
  void aSilentHeldCallIsEndedByTheHoldTimeout() throws Exception {
    startConnector(Map.of("RTP_TIMEOUT_S", "30", "RTP_HOLD_TIMEOUT_S", "2"));
    Future<SippResult> call =
        SippCalls.place(target, "uac-hold-silent.xml", Duration.ofSeconds(40));

    assertThat(connector.awaitAnyEnded().endCause()).isEqualTo(EndCause.RTP_TIMEOUT);
    connector.awaitNoPortInUse();
    SippResult r = SippCalls.await(call);
    assertThat(SippCalls.messages(r)).as("SIPp in %s", r.outputDir()).contains("BYE sip:caller@");
  }

  @Test
  void shutdownDrainsAndHangsUpWhatIsLeft() throws Exception {
    startConnector(Map.of("SHUTDOWN_GRACE_S", "1"));
    Future<SippResult> call = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);

    connector.daemon.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    SippResult r = SippCalls.await(call);
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    assertThat(SippCalls.messages(r)).contains("BYE sip:caller@");
    assertThat(connector.daemon.calls().registry().find(live.key()).orElseThrow().endCause())
        .isEqualTo(EndCause.SHUTDOWN);
    assertThat(connector.daemon.ports().inUse()).isZero();
    if (target.isDouble()) {
      assertThat(target.requireDouble().miRequests())
          .anyMatch(w -> w.text().contains("event_subscribe") && w.text().contains("\"expire\":0"));
    }
    connector = null; // already stopped
  }
}
