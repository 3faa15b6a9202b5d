package org.oavc.connector.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

/** The port model knows the browsers' ports: WSS public, ng internal, rtpengine media public. */
class WebRtcPortsTest {

  private static PortModel model(Map<String, String> overrides) {
    return PortModel.fromSettings(Settings.defaultsWith(overrides));
  }

  private static ServicePort port(PortModel m, String key) {
    return m.ports().stream().filter(p -> p.settingKey().equals(key)).findFirst().orElse(null);
  }

  @Test
  void byDefaultOnlyThePlainWebSocketIsThereAndInternal() {
    PortModel m = model(Map.of());
    assertThat(port(m, "OS_WS_PORT").exposure()).isEqualTo(Exposure.INTERNAL);
    assertThat(port(m, "OS_WSS_PORT")).isNull();
    assertThat(port(m, "RTPENGINE_NG")).isNull();
    assertThat(port(m, "RTPENGINE_MIN_PORT..RTPENGINE_MAX_PORT")).isNull();
  }

  @Test
  void withWssAndRtpEngineTheirPortsAreOpenedOrKeptInternal() {
    PortModel m =
        model(
            Map.of(
                "OS_WSS_PORT", "8443",
                "OS_WS_PORT", "0",
                "RTPENGINE_NG", "127.0.0.1:22222,127.0.0.1:22223"));
    ServicePort wss = port(m, "OS_WSS_PORT");
    assertThat(wss.exposure()).isEqualTo(Exposure.PUBLIC);
    assertThat(wss.transport()).isEqualTo(Transport.TCP);
    assertThat(wss.fromPort()).isEqualTo(8443);
    assertThat(port(m, "OS_WS_PORT")).isNull();
    assertThat(m.ports(Exposure.INTERNAL))
        .filteredOn(p -> p.settingKey().equals("RTPENGINE_NG"))
        .extracting(ServicePort::fromPort)
        .containsExactly(22222, 22223);
    ServicePort media = port(m, "RTPENGINE_MIN_PORT..RTPENGINE_MAX_PORT");
    assertThat(media.exposure()).isEqualTo(Exposure.PUBLIC);
    assertThat(media.fromPort()).isEqualTo(30000);
    assertThat(media.toPort()).isEqualTo(30999);
    assertThat(FirewallFiles.render(m).get("rules.v4")).contains("30000:30999").contains("8443");
  }

  @Test
  void anRtpEngineRangeOverlappingTheConnectorsIsRefused() {
    assertThatThrownBy(
            () ->
                model(
                    Map.of(
                        "RTPENGINE_NG", "127.0.0.1:22222",
                        "RTPENGINE_MIN_PORT", "35050",
                        "RTPENGINE_MAX_PORT", "35200")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("overlap");
  }
}
