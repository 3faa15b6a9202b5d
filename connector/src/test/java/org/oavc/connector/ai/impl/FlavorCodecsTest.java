package org.oavc.connector.ai.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

/** <FLAVOR>_CODECS: read from the settings, checked at start-up, looked up by flavor. */
class FlavorCodecsTest {

  @Test
  void eachFlavorHasItsOwnListOrNone() {
    FlavorCodecs c =
        FlavorCodecs.fromSettings(
            Settings.defaultsWith(
                Map.of(
                    "REALTIME_CODECS",
                    "pcmu, PCMA",
                    "PIPELINE_CODECS",
                    "G722",
                    "ECHO_CODECS",
                    " ")));
    assertThat(c.forFlavor("realtime")).containsExactly("PCMU", "PCMA");
    assertThat(c.forFlavor("Pipeline")).containsExactly("G722");
    assertThat(c.forFlavor("echo")).as("blank: SDP_CODECS applies").isEmpty();
    assertThat(c.forFlavor("none")).isEmpty();
    assertThat(c.forFlavor(null)).isEmpty();
    assertThat(FlavorCodecs.fromSettings(Settings.defaultsWith(Map.of())).forFlavor("realtime"))
        .as("SDP_CODECS is not a flavor's list")
        .isEmpty();
  }

  @Test
  void anUnknownCodecNamesItsKey() {
    assertThatThrownBy(
            () ->
                FlavorCodecs.fromSettings(Settings.defaultsWith(Map.of("PIPELINE_CODECS", "G729"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PIPELINE_CODECS")
        .hasMessageContaining("G729");
  }
}
