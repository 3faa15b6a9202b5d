package org.oavc.connector.ai;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a flavor's sessions count about their back end, one counter per fact tagged with the flavor,
 * so realtime and pipeline (and any flavor to come) fill the same series. Created once per flavor
 * factory; thread-safe as Micrometer's counters are.
 */
public final class FlavorMetrics {
  /** Who heard a barge-in: our detector (counted by the call) or the back end's own. */
  public static final String DETECTED_BY_CONNECTOR = "connector";

  public static final String DETECTED_BY_BACKEND = "backend";

  private final MeterRegistry registry;
  private final String flavor;
  private final Counter reconnects;
  private final Counter callerFramesDropped;
  private final Counter malformedEvents;
  private final Counter turnRetries;
  private final Counter toolCalls;
  private final Counter sendQueueOverflows;

  public FlavorMetrics(MeterRegistry registry, String flavor) {
    this.registry = registry;
    this.flavor = flavor;
    reconnects =
        counter(
            "oavc_ai_reconnects_total",
            "Reconnects to the back end after its socket dropped mid-call");
    callerFramesDropped =
        counter(
            "oavc_ai_caller_frames_dropped_total",
            "Caller audio frames not sent to the back end because its socket was down");
    malformedEvents =
        counter(
            "oavc_ai_malformed_events_total",
            "Back-end messages that were not what its protocol allows");
    turnRetries =
        counter(
            "oavc_ai_turn_retries_total", "Agent turns retried after a back-end request failed");
    toolCalls = counter("oavc_ai_tool_calls_total", "Tool calls the model made");
    sendQueueOverflows =
        counter(
            "oavc_ai_send_queue_overflows_total",
            "Caller audio frames dropped because the back end's WebSocket send queue was full");
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).tag("flavor", flavor).register(registry);
  }

  /**
   * A failed back-end step. stage: connect (session start or reconnect), server (an error the back
   * end reported), stt, chat, tts, send_stalled (it stopped reading what we send). A bounded set:
   * never a value taken from the network.
   */
  public void backendError(String stage) {
    Counter.builder("oavc_ai_backend_errors_total")
        .description("Failed back-end connections and requests, and errors the back end reported")
        .tag("flavor", flavor)
        .tag("stage", stage)
        .register(registry)
        .increment();
  }

  public void reconnect() {
    reconnects.increment();
  }

  public void callerFrameDropped() {
    callerFramesDropped.increment();
  }

  public void malformedEvent() {
    malformedEvents.increment();
  }

  public void turnRetry() {
    turnRetries.increment();
  }

  public void toolCall() {
    toolCalls.increment();
  }

  public void sendQueueOverflow() {
    sendQueueOverflows.increment();
  }

  /** The back end left our send queue full past AI_SEND_STALL_MS: it is failed. */
  public void sendStalled() {
    sendQueueOverflow();
    backendError("send_stalled");
  }

  /** The back end's own speech detection interrupted the agent (not our detector). */
  public void bargeInDetectedByBackend() {
    bargeIn(registry, flavor, DETECTED_BY_BACKEND);
  }

  /** The one barge-in counter, for the connector's detector and for a back end's own. */
  public static void bargeIn(MeterRegistry registry, String flavor, String detectedBy) {
    Counter.builder("oavc_ai_barge_ins_total")
        .description("Caller speech that stopped the agent's playback, by who detected it")
        .tag("flavor", flavor)
        .tag("detected_by", detectedBy)
        .register(registry)
        .increment();
  }
}
