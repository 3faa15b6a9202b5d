package org.oavc.connector.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

/** The OUTBOUND_* keys: shipped defaults, and a bad value stops the start naming its key. */
class OutboundOptionsTest {
  @Test
  void defaultsKeepOurRingBelowTheCfgsFrInvTimeout() {
    OutboundOptions o = OutboundOptions.defaults();
    assertThat(o.ringTimeout()).isLessThan(Duration.ofSeconds(60)); // opensips.cfg fr_inv_timeout
    assertThat(o.defaultFrom()).startsWith("sip:");
    assertThat(o.earlyMediaFlavors()).isEmpty();
    assertThat(o.sessionLimit()).isEqualTo(Duration.ofSeconds(14400));
  }

  @Test
  void badValuesNameTheirKey() {
    Map<String, String> bad =
        Map.of(
            "OUTBOUND_FROM", "<sip:agent@127.0.0.1>",
            "OUTBOUND_RING_TIMEOUT_S", "0",
            "OUTBOUND_MEDIA_TIMEOUT_MS", "50",
            "OUTBOUND_CALLS_PER_SECOND", "0",
            "OUTBOUND_QUEUE_SIZE", "-1");
    bad.forEach(
        (key, value) ->
            assertThatThrownBy(
                    () -> OutboundOptions.fromSettings(Settings.defaultsWith(Map.of(key, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key));
  }

  @Test
  void earlyMediaFlavorsAreMatchedInLowerCase() {
    OutboundOptions o =
        OutboundOptions.fromSettings(
            Settings.defaultsWith(Map.of("OUTBOUND_EARLY_MEDIA_FLAVORS", " Echo, REALTIME ,")));
    assertThat(o.earlyMediaFlavors()).containsExactlyInAnyOrder("echo", "realtime");
  }
}
