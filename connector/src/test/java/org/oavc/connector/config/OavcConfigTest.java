package org.oavc.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.common.settings.ConfigException;

class OavcConfigTest {

  @Test
  void shippedDefaultsMatchThePortMap() {
    OavcConfig c = OavcConfig.defaultsWith(Map.of());
    assertThat(c.miPort).isEqualTo(8088);
    assertThat(c.eventPort).isEqualTo(8089);
    assertThat(c.rtpMinPort).isEqualTo(35000);
    assertThat(c.rtpMaxPort).isEqualTo(35100);
    var ai = org.oavc.aiservices.AiServicesOptions.fromSettings(c.settings());
    assertThat(ai.getAiPort()).isEqualTo(2700);
    assertThat(ai.getSttPort()).isEqualTo(2701);
    assertThat(ai.getTtsPort()).isEqualTo(8000);
    assertThat(c.osSipPort).isEqualTo(5060);
    assertThat(
            org.oavc.connector.opensips.EventSubscriptionOptions.fromConfig(c, 8089, "n")
                .subscriberSocket())
        .isEqualTo("udp:127.0.0.1:8089");
  }

  @Test
  void fileOverridesDefaultsAndEnvironmentOverridesFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("site.env");
    Files.writeString(f, "# site\nMI_PORT=9088\nexport EVENT_PORT=\"9089\"\nRTP_MAX_PORT=35200\n");
    OavcConfig c = OavcConfig.load(f, Map.of("EVENT_PORT", "7089", "UNRELATED", "x"));
    assertThat(c.miPort).isEqualTo(9088);
    assertThat(c.eventPort).isEqualTo(7089);
    assertThat(c.rtpMaxPort).isEqualTo(35200);
    assertThat(c.settings().string("UNRELATED")).isEqualTo("x");
  }

  @Test
  void configFileCanComeFromTheEnvironment(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.env");
    Files.writeString(f, "HTTP_PORT=18081\n");
    assertThat(OavcConfig.load(null, Map.of("CONFIG_FILE", f.toString())).httpPort)
        .isEqualTo(18081);
  }

  @Test
  void eventsAreTakenOnlyFromOpenSipsByDefault() {
    OavcConfig c = OavcConfig.defaultsWith(Map.of());
    assertThat(c.eventIp).isEqualTo("127.0.0.1");
    assertThat(c.eventSources).containsExactly(org.oavc.common.net.Cidr.parse("127.0.0.1"));
    assertThat(OavcConfig.defaultsWith(Map.of("MI_IP", "10.1.2.3")).eventSources)
        .containsExactly(org.oavc.common.net.Cidr.parse("10.1.2.3"));
    assertThat(
            OavcConfig.defaultsWith(Map.of("EVENT_SOURCES", "10.1.2.0/24, fd00::7")).eventSources)
        .containsExactly(
            org.oavc.common.net.Cidr.parse("10.1.2.0/24"),
            org.oavc.common.net.Cidr.parse("fd00::7"));
    assertThatThrownBy(() -> OavcConfig.defaultsWith(Map.of("MI_IP", "opensips.internal")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("EVENT_SOURCES");
    assertThatThrownBy(() -> OavcConfig.defaultsWith(Map.of("EVENT_SOURCES", "opensips.internal")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("EVENT_SOURCES");
    assertThatThrownBy(() -> OavcConfig.defaultsWith(Map.of("EVENT_SOURCES", "10.1.2.3/24")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("host bits");
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> OavcConfig.defaultsWith(Map.of("MI_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MI_PORT");
    assertThatThrownBy(() -> OavcConfig.defaultsWith(Map.of("RTP_MIN_PORT", "40000")))
        .hasMessageContaining("RTP_MAX_PORT");
    assertThatThrownBy(() -> OavcConfig.defaultsWith(Map.of("EVENT_ADVERTISE_IP", "::1")))
        .hasMessageContaining("IPv6");
    assertThatThrownBy(() -> OavcConfig.defaultsWith(Map.of("EVENT_RENEW_INTERVAL_S", "500")))
        .hasMessageContaining("EVENT_SUBSCRIBE_EXPIRE_S");
  }

  @Test
  void wildcardRtpBindWithoutAdvertisedAddressIsAStartupError() {
    assertThatThrownBy(
            () -> OavcConfig.defaultsWith(Map.of("RTP_IP", "", "RTP_BIND_IP", "0.0.0.0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("RTP_IP");
    assertThat(OavcConfig.defaultsWith(Map.of("RTP_IP", "", "RTP_BIND_IP", "127.0.0.1")).rtpIp)
        .isEmpty();
  }

  @Test
  void mediaRuntimeDefaultsAndChoices() {
    OavcConfig d = OavcConfig.defaultsWith(Map.of());
    assertThat(d.nativeTransport).isTrue();
    assertThat(d.groupedPacing).isTrue();
    OavcConfig c =
        OavcConfig.defaultsWith(Map.of("NATIVE_TRANSPORT", "false", "RTP_PACING", "session"));
    assertThat(c.nativeTransport).isFalse();
    assertThat(c.groupedPacing).isFalse();
    assertThatThrownBy(() -> OavcConfig.defaultsWith(Map.of("RTP_PACING", "timers")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("RTP_PACING");
    assertThat(d.sdpCodecs).containsExactly("opus", "G722", "PCMU", "PCMA", "L16");
    assertThat(OavcConfig.defaultsWith(Map.of("SDP_CODECS", "pcmu,g722")).sdpCodecs)
        .containsExactly("PCMU", "G722");
    assertThatThrownBy(() -> OavcConfig.defaultsWith(Map.of("SDP_CODECS", "PCMU,iLBC")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SDP_CODECS")
        .hasMessageContaining("iLBC");
  }

  @Test
  void latchingSettingsHaveDefaultsAndBounds() {
    OavcConfig d = OavcConfig.defaultsWith(Map.of());
    assertThat(d.rtpNatLatchWindowMillis).isEqualTo(3000);
    assertThat(d.rtpRelatchSilenceMillis).isEqualTo(1000);
    assertThat(
            OavcConfig.defaultsWith(Map.of("RTP_NAT_LATCH_WINDOW_MS", "0")).rtpNatLatchWindowMillis)
        .isZero();
    assertThatThrownBy(() -> OavcConfig.defaultsWith(Map.of("RTP_RELATCH_SILENCE_MS", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("RTP_RELATCH_SILENCE_MS");
    assertThatThrownBy(() -> OavcConfig.defaultsWith(Map.of("RTP_NAT_LATCH_WINDOW_MS", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("RTP_NAT_LATCH_WINDOW_MS");
  }

  @Test
  void missingFileIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> OavcConfig.load(dir.resolve("nope.env"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.env");
  }
}
