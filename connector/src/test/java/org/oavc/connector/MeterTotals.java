package org.oavc.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sums of counters across the tags a test does not care about (e.g. every flavor). Counters are
 * registered on first use, so "none yet" reads as 0; a name that docs/operations.md does not list
 * fails instead, so a renamed metric cannot turn a test's expectation into a silent 0.
 */
public final class MeterTotals {
  private static final Path OPERATIONS_DOC = Path.of("../docs/operations.md");
  private static volatile String documented;

  private MeterTotals() {}

  /** The sum of every counter named {@code name} with the given tag pairs, 0 when none exists. */
  public static double total(MeterRegistry registry, String name, String... tags) {
    requireDocumented(name);
    return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Fails unless docs/operations.md lists {@code name} in its metrics table. */
  public static void requireDocumented(String name) {
    assertThat(operationsDoc())
        .as("metric %s is listed in docs/operations.md", name)
        .contains("`" + name + "`");
  }

  private static String operationsDoc() {
    String text = documented;
    if (text == null) {
      try {
        text = Files.readString(OPERATIONS_DOC);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      documented = text;
    }
    return text;
  }
}
