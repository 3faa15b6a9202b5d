package org.oavc.xdp.impl;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import org.oavc.xdp.bpf.FilterMaps;
import org.oavc.xdp.bpf.Reason;

/**
 * Keeps the last two stats samples (summed over CPUs) for rates, and exposes the per-reason
 * counters to Micrometer. Sampling is blocking; reading is not.
 */
final class StatsSampler {
  private record Sample(long atNanos, Map<Reason, long[]> values) {}

  private volatile Sample last;
  private volatile Sample previous;

  StatsSampler(MeterRegistry registry) {
    for (Reason r : Reason.values()) {
      FunctionCounter.builder("oavc_xdp_packets_total", this, s -> s.value(r, 0))
          .tag("reason", r.label())
          .description("packets per XDP verdict reason")
          .register(registry);
      FunctionCounter.builder("oavc_xdp_bytes_total", this, s -> s.value(r, 1))
          .tag("reason", r.label())
          .description("bytes per XDP verdict reason")
          .register(registry);
    }
  }

  /** Blocking: reads the per-CPU stats map. */
  void sample(FilterMaps maps) {
    Sample now = new Sample(System.nanoTime(), maps.stats());
    previous = last;
    last = now;
  }

  private double value(Reason r, int index) {
    Sample s = last;
    return s == null ? 0 : s.values().get(r)[index];
  }

  JsonObject toJson() {
    Sample s = last;
    Sample p = previous;
    JsonObject reasons = new JsonObject();
    Map<Reason, long[]> values = s == null ? new EnumMap<>(Reason.class) : s.values();
    double seconds = p == null ? 0 : (s.atNanos() - p.atNanos()) / 1e9;
    long passed = 0;
    long dropped = 0;
    for (Reason r : Reason.values()) {
      long[] v = values.getOrDefault(r, new long[2]);
      JsonObject o = new JsonObject().put("packets", v[0]).put("bytes", v[1]);
      if (seconds > 0) {
        long[] before = p.values().get(r);
        o.put("pps", (v[0] - before[0]) / seconds).put("bps", 8 * (v[1] - before[1]) / seconds);
      } else {
        o.put("pps", 0.0).put("bps", 0.0);
      }
      reasons.put(r.label(), o);
      if (r.drop()) {
        dropped += v[0];
      } else {
        passed += v[0];
      }
    }
    return new JsonObject()
        .put("reasons", reasons)
        .put("passed", passed)
        .put("dropped", dropped)
        .put("rateWindowSeconds", seconds);
  }
}
