package org.oavc.connector.ai;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The AI agent's meters: sessions by flavor and outcome, turn stage latency, barge-ins. */
public final class AiMetrics {
  private final MeterRegistry registry;
  private final Counter bargeIns;
  private final Counter bargeInOnsets;
  private final Counter bargeInFalseStarts;

  public AiMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.bargeIns = Counter.builder("oavc_ai_barge_ins_total")
        .description("Caller speech that stopped the agent's playback").register(registry);
    this.bargeInOnsets = Counter.builder("oavc_ai_barge_in_onsets_total")
        .description("Caller speech over the agent that paused its playback").register(registry);
    this.bargeInFalseStarts = Counter.builder("oavc_ai_barge_in_false_starts_total")
        .description("Paused playback resumed: the caller stopped before a barge-in was confirmed")
        .register(registry);
  }

  /** outcome: started, failed_start, failed_midcall, fallback. */
  public void session(String flavor, String outcome) {
    Counter.builder("oavc_ai_sessions_total").description("AI sessions by flavor and outcome")
        .tag("flavor", flavor).tag("outcome", outcome).register(registry).increment();
  }

  public void bargeIn() {
    bargeIns.increment();
  }

  /** The agent's playback was paused at the onset of caller speech over it. */
  public void bargeInOnset() {
    bargeInOnsets.increment();
  }

  /** A paused playback resumed because the caller's speech stopped before it was confirmed. */
  public void bargeInFalseStart() {
    bargeInFalseStarts.increment();
  }

  public void turn(TurnTimings t) {
    stage("stt_final", t.sttFinalMillis());
    stage("llm_first_token", t.llmFirstTokenMillis());
    stage("tts_first_byte", t.ttsFirstByteMillis());
    stage("first_audio", t.firstAudioMillis());
  }

  private void stage(String stage, long millis) {
    if (millis >= 0) {
      Timer.builder("oavc_ai_turn_seconds").description("End of caller speech to each stage of the reply")
          .tag("stage", stage).publishPercentileHistogram().register(registry)
          .record(Duration.ofMillis(millis));
    }
  }

  public MeterRegistry registry() {
    return registry;
  }
}
