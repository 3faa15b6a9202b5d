package org.oavc.aiservices.stt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** Meters of the STT service: open connections and recognisers, final results, errors. */
public final class SttMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger recognizers = new AtomicInteger();
  private final Counter finals;

  public SttMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("oavc_aiservices_stt_connections", connections, AtomicInteger::get)
        .description("open Vosk-protocol WebSocket connections")
        .register(registry);
    Gauge.builder("oavc_aiservices_stt_recognizers", recognizers, AtomicInteger::get)
        .description("live Vosk recognisers (one per configured connection)")
        .register(registry);
    finals = Counter.builder("oavc_aiservices_stt_final_results_total").register(registry);
  }

  /** Recognisers currently allocated; back to 0 once every connection is gone. */
  public int liveRecognizers() {
    return recognizers.get();
  }

  public int openConnections() {
    return connections.get();
  }

  void connectionOpened() {
    connections.incrementAndGet();
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }

  void recognizerOpened() {
    recognizers.incrementAndGet();
  }

  void recognizerClosed() {
    recognizers.decrementAndGet();
  }

  void finalResult() {
    finals.increment();
  }

  void error(String code) {
    registry.counter("oavc_aiservices_stt_errors_total", "code", code).increment();
  }
}
