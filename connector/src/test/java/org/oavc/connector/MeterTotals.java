package org.oavc.connector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Sums of counters across the tags a test does not care about (e.g. every flavor). */
public final class MeterTotals {
  private MeterTotals() {}

  /** The sum of every counter named {@code name} with the given tag pairs, 0 when none exists. */
  public static double total(MeterRegistry registry, String name, String... tags) {
    return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }
}
