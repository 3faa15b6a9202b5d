package org.oavc.connector.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Call-level metrics: active calls, outcomes, set-up latency, odd events. */
final class CallMetrics {
  /**
   * Histogram range of the set-up timers: the target is well below 1 ms, and Micrometer's default
   * for timers starts its buckets at 1 ms, which hid everything faster in one bucket.
   */
  private static final Duration FINEST = Duration.ofNanos(10_000);

  private static final Duration COARSEST = Duration.ofSeconds(30);
  private final Map<EndCause, Counter> outcomes = new EnumMap<>(EndCause.class);
  private final Timer setupLatency;
  private final Map<String, Timer> stages = new java.util.concurrent.ConcurrentHashMap<>();
  private final Counter duplicateNew;
  private final Counter unknownKey;
  private final Counter mediaFailed;
  private final Counter takenOver;
  private final Counter orphansHungUp;
  private final Counter orphansRejected;
  private final MeterRegistry registry;

  CallMetrics(MeterRegistry registry, CallRegistry calls) {
    this.registry = registry;
    Gauge.builder("oavc_calls_active", calls, CallRegistry::activeCount)
        .description("Calls the connector currently holds")
        .register(registry);
    for (EndCause c : EndCause.values()) {
      outcomes.put(
          c,
          Counter.builder("oavc_calls_total")
              .description("Ended calls by outcome")
              .tag("outcome", c.name().toLowerCase())
              .register(registry));
    }
    setupLatency =
        Timer.builder("oavc_call_setup_seconds")
            .description("NEW event received to 200 OK handed to OpenSIPS")
            .publishPercentileHistogram()
            .minimumExpectedValue(FINEST)
            .maximumExpectedValue(COARSEST)
            .register(registry);
    duplicateNew = Counter.builder("oavc_events_duplicate_new_total").register(registry);
    unknownKey = Counter.builder("oavc_events_unknown_key_total").register(registry);
    takenOver =
        Counter.builder("oavc_cluster_calls_taken_over_total")
            .description(
                "calls of a dead cluster node carried on here (re-INVITE sent, media open)")
            .register(registry);
    orphansHungUp = orphans("hung_up");
    orphansRejected = orphans("rejected");
    mediaFailed =
        Counter.builder("oavc_call_setup_media_failures_total")
            .description("RTP sockets that could not be bound for a call (before or after its 200)")
            .register(registry);
    // Registered now, not by the first call: a histogram's registration costs that call
    // milliseconds.
    for (String stage : new String[] {"port", "media"}) {
      stages.put(stage, stageTimer(stage));
    }
  }

  MeterRegistry registry() {
    return registry;
  }

  void ended(EndCause cause) {
    outcomes.get(cause).increment();
  }

  void setup(long nanos) {
    setupLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Time from the NEW event to the end of a set-up stage: port (acquired) and media (RTP socket
   * bound; it runs in parallel with the answer, so it may end after the 200 was sent). The 200
   * handed to MI is oavc_call_setup_seconds itself.
   */
  void stage(String stage, long nanos) {
    stages.computeIfAbsent(stage, this::stageTimer).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer stageTimer(String stage) {
    return Timer.builder("oavc_call_setup_stage_seconds")
        .description("NEW event handled to the end of each set-up stage")
        .tag("stage", stage)
        .publishPercentileHistogram()
        .minimumExpectedValue(FINEST)
        .maximumExpectedValue(COARSEST)
        .register(registry);
  }

  private Counter orphans(String action) {
    return Counter.builder("oavc_calls_orphaned_total")
        .description(
            "OpenSIPS sessions no call of ours stood for, ended at start-up or after a restart")
        .tag("action", action)
        .register(registry);
  }

  void takenOver() {
    takenOver.increment();
  }

  void orphans(int hungUp, int rejected) {
    orphansHungUp.increment(hungUp);
    orphansRejected.increment(rejected);
  }

  void mediaFailed() {
    mediaFailed.increment();
  }

  void duplicateNew() {
    duplicateNew.increment();
  }

  /**
   * The SIP methods an event may name; anything else is "other", so a forged event adds no series.
   */
  private static final java.util.Set<String> SIP_METHODS =
      java.util.Set.of(
          "INVITE",
          "ACK",
          "BYE",
          "CANCEL",
          "UPDATE",
          "INFO",
          "PRACK",
          "REFER",
          "NOTIFY",
          "OPTIONS",
          "MESSAGE",
          "SUBSCRIBE",
          "PUBLISH",
          "REGISTER");

  void unknownKey(String method) {
    String tag = method != null && SIP_METHODS.contains(method) ? method : "other";
    registry.counter("oavc_events_unknown_key_by_method_total", "method", tag).increment();
    unknownKey.increment();
  }
}
