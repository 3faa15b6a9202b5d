package org.oavc.connector.ai.pipeline.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters of the pipeline flavor, registered once per factory. */
final class PipelineMetrics {
  private final Counter sttReconnects;
  private final Counter sttErrors;
  private final Counter chatErrors;
  private final Counter ttsErrors;
  private final Counter turnRetries;
  private final Counter bargeIns;
  private final Counter droppedFrames;
  private final Counter toolCalls;

  PipelineMetrics(MeterRegistry meters) {
    sttReconnects = Counter.builder("oavc_ai_pipeline_stt_reconnects_total")
        .description("STT WebSocket reconnect attempts after a drop mid-call").register(meters);
    sttErrors = error(meters, "stt");
    chatErrors = error(meters, "chat");
    ttsErrors = error(meters, "tts");
    turnRetries = Counter.builder("oavc_ai_pipeline_turn_retries_total")
        .description("Agent turns retried after a chat or speech request failed").register(meters);
    bargeIns = Counter.builder("oavc_ai_pipeline_barge_ins_total")
        .description("Agent replies cut short by the caller").register(meters);
    droppedFrames = Counter.builder("oavc_ai_pipeline_dropped_frames_total")
        .description("Caller frames not sent to STT because its socket was down").register(meters);
    toolCalls = Counter.builder("oavc_ai_pipeline_tool_calls_total")
        .description("Tool calls the model made").register(meters);
  }

  private static Counter error(MeterRegistry meters, String stage) {
    return Counter.builder("oavc_ai_pipeline_errors_total")
        .description("Failed STT connections and chat/speech requests")
        .tag("stage", stage).register(meters);
  }

  void sttReconnect() {
    sttReconnects.increment();
  }

  void sttError() {
    sttErrors.increment();
  }

  void chatError() {
    chatErrors.increment();
  }

  void ttsError() {
    ttsErrors.increment();
  }

  void turnRetry() {
    turnRetries.increment();
  }

  void bargeIn() {
    bargeIns.increment();
  }

  void droppedFrame() {
    droppedFrames.increment();
  }

  void toolCall() {
    toolCalls.increment();
  }
}
