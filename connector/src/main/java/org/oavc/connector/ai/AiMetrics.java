package org.oavc.connector.ai;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The AI agent's meters: sessions by flavor and outcome, turn stage latency, barge-ins. */
public final class AiMetrics {
  private final MeterRegistry registry;
  private final Counter bargeIns;

  public AiMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.bargeIns = Counter.builder("oavc_ai_barge_ins_total")
        .description("Caller speech that stopped the agent's playback").register(registry);
  }

  /** outcome: started, failed_start, failed_midcall, fallback. */
  public void session(String flavor, String outcome) {
    Counter.builder("oavc_ai_sessions_total").description("AI sessions by flavor and outcome")
        .tag("flavor", flavor).tag("outcome", outcome).register(registry).increment();
  }

  public void bargeIn() {
    bargeIns.increment();
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
