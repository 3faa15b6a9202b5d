package org.oavc.connector.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class CallMetricsTest {

  /** Tag values never come from the network: a forged event cannot grow the metrics. */
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
    assertThat(
            registry
                .get("oavc_events_unknown_key_by_method_total")
                .tag("method", "other")
                .counter()
                .count())
        .isEqualTo(51);
    assertThat(registry.get("oavc_events_unknown_key_total").counter().count()).isEqualTo(52);
  }

  /** The set-up timers exist before the first call: registering a histogram cost that call ms. */
  @Test
  void setUpStageTimersAreRegisteredBeforeTheFirstCall() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new CallMetrics(registry, new CallRegistry(1));

    for (String stage : new String[] {"port", "media"}) {
      Timer t = registry.find("oavc_call_setup_stage_seconds").tag("stage", stage).timer();
      assertThat(t).as(stage).isNotNull();
      assertThat(t.count()).isZero();
    }
  }
}
