package org.oavc.connector.media.rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

/** RTPENGINE_* settings: empty means not configured; a bad value stops the start, key named. */
class RtpEngineOptionsTest {

  @Test
  void emptyByDefault() {
    assertThat(RtpEngineOptions.fromSettings(Settings.defaultsWith(Map.of())).configured())
        .isFalse();
  }

  @Test
  void listsInstancesInOrder() {
    RtpEngineOptions o =
        RtpEngineOptions.fromSettings(
            Settings.defaultsWith(Map.of("RTPENGINE_NG", "127.0.0.2:22222, 127.0.0.3:2223")));
    assertThat(o.getInstances())
        .extracting(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
        .containsExactly("127.0.0.2:22222", "127.0.0.3:2223");
  }

  @Test
  void badValuesNameTheKey() {
    for (String bad : new String[] {"rtpengine", "127.0.0.1:", "127.0.0.1:x", "127.0.0.1:70000"}) {
      assertThatThrownBy(
              () ->
                  RtpEngineOptions.fromSettings(Settings.defaultsWith(Map.of("RTPENGINE_NG", bad))))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("RTPENGINE_NG");
    }
    assertThatThrownBy(
            () ->
                RtpEngineOptions.fromSettings(
                    Settings.defaultsWith(Map.of("RTPENGINE_TIMEOUT_MS", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("RTPENGINE_TIMEOUT_MS");
  }
}
