package org.oavc.connector.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Tag values never come from the network: a forged event cannot grow the metrics. */
class CallMetricsTest {
  @Test
  void unknownMethodsShareOneSeries() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CallMetrics metrics = new CallMetrics(registry, new CallRegistry(10));
    metrics.unknownKey("BYE");
    for (int i = 0; i < 50; i++) {
      metrics.unknownKey("FORGED" + i);
    }
    metrics.unknownKey(null);
    assertThat(registry.find("oavc_events_unknown_key_by_method_total").counters()).hasSize(2);
    assertThat(registry.get("oavc_events_unknown_key_by_method_total").tag("method", "other").counter().count())
        .isEqualTo(51);
    assertThat(registry.get("oavc_events_unknown_key_total").counter().count()).isEqualTo(52);
  }
}
