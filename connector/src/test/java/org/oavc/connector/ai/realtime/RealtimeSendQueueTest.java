package org.oavc.connector.ai.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;
import org.oavc.connector.ai.AiLimitOptions;
import org.oavc.connector.ai.AiUnavailableException;

/**
 * A realtime back end that stops reading what we send: caller audio fills the WebSocket's send
 * queue up to its bound (the rest is dropped and counted), and a queue that stays full past the
 * stall time fails the session, so the call's fallback takes over.
 */
class RealtimeSendQueueTest extends RealtimeTestBase {
  private static final AiLimitOptions TIGHT =
      new AiLimitOptions(120_000, 64 * 1024, 300, 4000, 200, 32_000);

  @Test
  void aBackEndThatStopsReadingFillsABoundedQueueThenFailsTheSession() throws Exception {
    try (ScriptedRealtimeServer server = new ScriptedRealtimeServer(vertx)) {
      Pair p =
          started(
              options(server.url()).setG711Passthrough(false).setLimits(TIGHT),
              info("PCMU", 8000),
              profile(null));
      server.stopReadingNewest();
      short[] frame = new short[p.session().sampleRate() / 50];

      // far faster than real time, until the kernel's buffers and then our bound are full
      await()
          .atMost(WAIT)
          .until(
              () -> {
                run(
                    p.call(),
                    () -> {
                      for (int i = 0; i < 500; i++) {
                        p.session().onCallerAudio(frame);
                      }
                    });
                return p.call().failure() != null;
              });

      assertThat(p.call().failure())
          .isInstanceOf(AiUnavailableException.class)
          .hasMessageContaining("stopped reading");
      assertThat(counter("oavc_ai_send_queue_overflows_total")).isPositive();
      assertThat(counter("oavc_ai_backend_errors_total", "stage", "send_stalled")).isEqualTo(1);
    }
  }
}
