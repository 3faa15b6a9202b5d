package org.oavc.connector.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

class RecordingOptionsTest {
  private static final Path STATE = Path.of("/var/lib/oavc");

  private static RecordingOptions of(Map<String, String> overrides) {
    return RecordingOptions.fromSettings(Settings.defaultsWith(overrides), STATE);
  }

  @Test
  void theShippedDefaultsRecordNothingUnderTheStateDirectory() {
    RecordingOptions o = of(Map.of());
    assertThat(o.wanted(null, "realtime")).isFalse();
    assertThat(o.getDirectory()).isEqualTo(STATE.resolve("recordings"));
    assertThat(o.getMinFreeBytes()).isEqualTo(100L << 20);
    assertThat(o.getKeepDays()).isEqualTo(30);
  }

  @Test
  void flavorsAreMatchedWithoutCaseAndTheRequestWinsBothWays() {
    RecordingOptions o = of(Map.of("RECORD_FLAVORS", " Pipeline , echo"));
    assertThat(o.wanted(null, "pipeline")).isTrue();
    assertThat(o.wanted(null, "ECHO")).isTrue();
    assertThat(o.wanted(null, "realtime")).isFalse();
    assertThat(o.wanted(null, null)).isFalse();
    assertThat(o.wanted(false, "pipeline")).isFalse();
    assertThat(o.wanted(true, "realtime")).isTrue();
    RecordingOptions all = of(Map.of("RECORD_CALLS", "true"));
    assertThat(all.wanted(null, null)).isTrue();
    assertThat(all.wanted(false, "echo")).isFalse();
  }

  @Test
  void badValuesStopTheStartNamingTheKey() {
    assertThatThrownBy(() -> of(Map.of("RECORD_CALLS", "sometimes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("RECORD_CALLS");
    assertThatThrownBy(() -> of(Map.of("RECORDING_KEEP_DAYS", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("RECORDING_KEEP_DAYS");
  }
}
