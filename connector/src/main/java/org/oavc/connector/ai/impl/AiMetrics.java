package org.oavc.connector.ai.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.oavc.connector.ai.FlavorMetrics;
import org.oavc.connector.ai.TurnTimings;

/**
 * The AI agent's meters, flavor-neutral facts tagged by flavor: sessions by outcome, turn stage
 * latency, barge-ins. Every name in Prometheus style; docs/operations.md lists them all.
 */
public final class AiMetrics {
  private final MeterRegistry registry;

  public AiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** outcome: started, failed_start, failed_midcall, fallback. */
  public void session(String flavor, String outcome) {
    Counter.builder("oavc_ai_sessions_total")
        .description("AI sessions by flavor and outcome")
        .tag("flavor", flavor)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Our detector heard caller speech that stopped the agent's playback. */
  public void bargeIn(String flavor) {
    FlavorMetrics.bargeIn(registry, flavor, FlavorMetrics.DETECTED_BY_CONNECTOR);
  }

  /** The agent's playback was paused at the onset of caller speech over it. */
  public void bargeInOnset(String flavor) {
    Counter.builder("oavc_ai_barge_in_onsets_total")
        .description("Caller speech over the agent that paused its playback")
        .tag("flavor", flavor)
        .register(registry)
        .increment();
  }

  /** A paused playback resumed because the caller's speech stopped before it was confirmed. */
  public void bargeInFalseStart(String flavor) {
    Counter.builder("oavc_ai_barge_in_false_starts_total")
        .description("Paused playback resumed: the caller stopped before a barge-in was confirmed")
        .tag("flavor", flavor)
        .register(registry)
        .increment();
  }

  /** Agent audio dropped: AI_PLAYOUT_MAX_S of it was already queued towards the caller. */
  public void playoutOverflow(String flavor) {
    Counter.builder("oavc_ai_playout_overflows_total")
        .description("Agent audio chunks dropped because AI_PLAYOUT_MAX_S was already queued")
        .tag("flavor", flavor)
        .register(registry)
        .increment();
  }

  public void turn(TurnTimings t) {
    stage("stt_final", t.sttFinalMillis());
    stage("llm_first_token", t.llmFirstTokenMillis());
    stage("tts_first_byte", t.ttsFirstByteMillis());
    stage("first_audio", t.firstAudioMillis());
  }

  private void stage(String stage, long millis) {
    if (millis >= 0) {
      Timer.builder("oavc_ai_turn_seconds")
          .description("End of caller speech to each stage of the reply")
          .tag("stage", stage)
          .publishPercentileHistogram()
          .register(registry)
          .record(Duration.ofMillis(millis));
    }
  }

  public MeterRegistry registry() {
    return registry;
  }
}
