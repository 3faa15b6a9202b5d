package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.oavc.common.audio.G711;
import org.oavc.connector.ai.PcmuCaller;
import org.oavc.connector.ai.realtime.ScriptedRealtimeServer;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.testdouble.SippResult;

/**
 * A back end that outruns real time on a whole call (SIPp through OpenSIPS, the realtime flavor
 * against a scripted model on loopback, a Java RTP peer as the caller): a minute of audio sent at
 * once is held only up to AI_PLAYOUT_MAX_S. (One that stops reading ours is covered per flavor:
 * RealtimeSendQueueTest, PipelineSttTest; real-time caller audio would take a minute to fill the
 * kernel's socket buffers here.)
 */
class AiBackEndBoundsE2eTest extends SippE2eTestBase {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Vertx vertx;
  private ScriptedRealtimeServer model;

  @AfterEach
  void stopModel() throws Exception {
    if (model != null) {
      model.close();
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMinuteOfAgentAudioSentAtOnceIsCutToThePlayoutBound() throws Exception {
    startModel();
    startConnector(
        Map.of("AI_FLAVOR", "realtime", "REALTIME_URL", model.url(), "AI_PLAYOUT_MAX_S", "3"));
    Future<SippResult> sipp =
        SippCalls.place(target, "uac-pcmu-wait-bye.xml", Duration.ofSeconds(60));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    try (PcmuCaller caller = new PcmuCaller(live.localRtpPort())) {
      await().atMost(WAIT).until(() -> caller.packetsReceived.get() >= 10); // latched
      await().atMost(WAIT).until(() -> !model.received("session.update").isEmpty());

      String second = Base64.getEncoder().encodeToString(toneSecondUlaw());
      for (int i = 0; i < 60; i++) {
        model.send(
            new JsonObject()
                .put("type", "response.output_audio.delta")
                .put("response_id", "resp_1")
                .put("item_id", "item_1")
                .put("delta", second));
      }

      // the agent speaks, then falls silent well before a minute is over
      await().atMost(WAIT).until(() -> caller.loudReceived.get() >= 50);
      await()
          .atMost(WAIT)
          .until(() -> caller.receivedPattern.toString().matches("(?s).*L\\.{50}.*"));
      assertThat(caller.loudReceived.get())
          .as("about 3 s of 20 ms packets, not 60 s")
          .isBetween(140, 160);
      assertThat(connector.counter("oavc_ai_playout_overflows_total", "flavor", "realtime"))
          .isPositive();
    }
    assertThat(connector.http("DELETE", "/calls/" + live.key()).statusCode()).isEqualTo(202);
    assertThat(SippCalls.await(sipp).allCallsSucceeded()).isTrue();
    connector.awaitNoPortInUse();
  }

  private void startModel() throws Exception {
    vertx = Vertx.vertx();
    model = new ScriptedRealtimeServer(vertx);
  }

  /** One second of a loud 440 Hz tone, G.711 u-law at 8 kHz (the call's own format). */
  private static byte[] toneSecondUlaw() {
    byte[] out = new byte[8000];
    for (int i = 0; i < out.length; i++) {
      out[i] = G711.linearToUlaw((int) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
    }
    return out;
  }
}
