package org.oavc.connector.recording.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Supplier;

/** The recordings' meters: one counter per fact, failures by reason. */
final class RecordingMetrics {
  /** Why a recording did not start or stopped early. */
  enum Failure {
    /** Less than RECORDING_MIN_FREE_MB free when the call was answered: not started. */
    NO_SPACE,
    /** The file could not be created. */
    OPEN_FAILED,
    /** A write failed (a full disk, an I/O error): stopped, the call goes on. */
    WRITE_FAILED,
    /** The writer fell more than a few seconds behind (a stalled disk): stopped. */
    OVERRUN,
    /** The file reached the 4 GiB a WAV header can state. */
    TOO_LONG
  }

  final Counter started;
  final Counter bytes;
  private final Map<Failure, Counter> failures = new java.util.EnumMap<>(Failure.class);

  RecordingMetrics(MeterRegistry m, Supplier<Number> active) {
    started =
        Counter.builder("oavc_recordings_started_total")
            .description("call recordings started")
            .register(m);
    bytes =
        Counter.builder("oavc_recording_bytes_total")
            .description("bytes of audio written to call recordings")
            .register(m);
    for (Failure f : Failure.values()) {
      failures.put(
          f,
          Counter.builder("oavc_recordings_failed_total")
              .description("call recordings not started or stopped early, by reason")
              .tag("reason", f.name().toLowerCase(java.util.Locale.ROOT))
              .register(m));
    }
    Gauge.builder("oavc_recordings_active", active).description("recordings running").register(m);
  }

  void failed(Failure f) {
    failures.get(f).increment();
  }
}
