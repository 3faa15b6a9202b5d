package org.oavc.connector.ai.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

class RealtimeOptionsTest {

  @Test
  void defaultsPointAtTheLocalServiceInTheGaShape() {
    RealtimeOptions options = RealtimeOptions.fromSettings(Settings.defaultsWith(Map.of()));
    assertThat(options.getUrl()).isEqualTo("ws://127.0.0.1:2700");
    assertThat(options.isBeta()).isFalse();
    assertThat(options.isG711Passthrough()).isTrue();
    assertThat(options.getApiKey()).isNull();
    assertThat(options.getModel()).isEqualTo("gpt-realtime");
    assertThat(options.getConnectTimeoutMillis()).isEqualTo(3000);
    assertThat(options.getReconnectBackoffMillis()).isEqualTo(500);
  }

  @Test
  void programmaticDefaultsAreTheShippedFiles() {
    RealtimeOptions shipped = RealtimeOptions.fromSettings(Settings.defaultsWith(Map.of()));
    RealtimeOptions plain = new RealtimeOptions();
    assertThat(plain.getUrl()).isEqualTo(shipped.getUrl());
    assertThat(plain.getModel()).isEqualTo(shipped.getModel());
    assertThat(plain.isBeta()).isEqualTo(shipped.isBeta());
    assertThat(plain.isG711Passthrough()).isEqualTo(shipped.isG711Passthrough());
    assertThat(plain.getConnectTimeoutMillis()).isEqualTo(shipped.getConnectTimeoutMillis());
    assertThat(plain.getReconnectBackoffMillis()).isEqualTo(shipped.getReconnectBackoffMillis());
  }

  @Test
  void settingsOverrideEveryKey() {
    RealtimeOptions options =
        RealtimeOptions.fromSettings(
            Settings.defaultsWith(
                Map.of(
                    "REALTIME_URL",
                    "wss://api.openai.com/v1/realtime",
                    "REALTIME_API_KEY",
                    "sk-1",
                    "REALTIME_MODEL",
                    "gpt-realtime-mini",
                    "REALTIME_PROTOCOL",
                    "BETA",
                    "REALTIME_G711_PASSTHROUGH",
                    "false",
                    "AI_CONNECT_TIMEOUT_MS",
                    "1500",
                    "AI_RECONNECT_BACKOFF_MS",
                    "0")));
    assertThat(options.getUrl()).isEqualTo("wss://api.openai.com/v1/realtime");
    assertThat(options.getApiKey()).isEqualTo("sk-1");
    assertThat(options.getModel()).isEqualTo("gpt-realtime-mini");
    assertThat(options.isBeta()).isTrue();
    assertThat(options.isG711Passthrough()).isFalse();
    assertThat(options.getConnectTimeoutMillis()).isEqualTo(1500);
    assertThat(options.getReconnectBackoffMillis()).isZero();
  }

  @Test
  void printingNeverShowsTheApiKey() {
    RealtimeOptions options =
        new RealtimeOptions()
            .setUrl("wss://rt.example.com/v1/realtime?api_key=sk-secret-query")
            .setApiKey("sk-secret-header");
    assertThat(options.toString())
        .doesNotContain("sk-secret")
        .contains("apiKey=(set)")
        .contains("url=wss://rt.example.com/v1/realtime?(redacted)");
  }

  @Test
  void ipv6ServiceHostIsBracketed() {
    RealtimeOptions options =
        RealtimeOptions.fromSettings(
            Settings.defaultsWith(Map.of("AI_SERVICE_HOST", "::1", "AI_SERVICE_PORT", "2800")));
    assertThat(options.getUrl()).isEqualTo("ws://[::1]:2800");
  }

  @Test
  void unknownProtocolIsAConfigError() {
    assertThatThrownBy(
            () ->
                RealtimeOptions.fromSettings(
                    Settings.defaultsWith(Map.of("REALTIME_PROTOCOL", "v2"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("REALTIME_PROTOCOL");
  }
}
