package org.oavc.connector.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The set-up timers exist before the first call: registering a histogram cost that call ms. */
class CallMetricsTest {

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
