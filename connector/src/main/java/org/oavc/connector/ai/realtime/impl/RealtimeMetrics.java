package org.oavc.connector.ai.realtime.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters of the realtime flavor (shared by all sessions of one registry). */
final class RealtimeMetrics {
  private final MeterRegistry registry;
  final Counter connectFailures;
  final Counter reconnects;
  final Counter malformedEvents;
  final Counter droppedAudioFrames;
  final Counter bargeIns;

  RealtimeMetrics(MeterRegistry registry) {
    this.registry = registry;
    connectFailures = Counter.builder("oavc.ai.realtime.connect.failures")
        .description("realtime back end not reachable at call start or on reconnect").register(registry);
    reconnects = Counter.builder("oavc.ai.realtime.reconnects")
        .description("reconnects after the WebSocket dropped mid-call").register(registry);
    malformedEvents = Counter.builder("oavc.ai.realtime.malformed.events")
        .description("server events that were not JSON objects or lacked required fields").register(registry);
    droppedAudioFrames = Counter.builder("oavc.ai.realtime.audio.dropped")
        .description("caller audio frames dropped while the WebSocket was down").register(registry);
    bargeIns = Counter.builder("oavc.ai.realtime.barge.ins")
        .description("agent answers interrupted (cancel and/or truncate sent)").register(registry);
  }

  /** An {@code error} event from the back end, by its code. */
  void serverError(String code) {
    Counter.builder("oavc.ai.realtime.server.errors").tag("code", code == null ? "none" : code)
        .description("error events sent by the realtime back end").register(registry).increment();
  }
}
