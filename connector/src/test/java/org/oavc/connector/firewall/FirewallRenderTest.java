package org.oavc.connector.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.net.Cidr;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

class FirewallRenderTest {

  private static PortModel model(Map<String, String> overrides) {
    return PortModel.fromSettings(Settings.defaultsWith(overrides));
  }

  @Test
  void defaultModelHasPublicSipAndRtpAndEveryInternalPort() {
    PortModel m = model(Map.of());
    assertThat(m.ports(Exposure.PUBLIC))
        .extracting(ServicePort::settingKey)
        .containsExactly("OS_SIP_PORT", "RTP_MIN_PORT..RTP_MAX_PORT");
    assertThat(m.ports(Exposure.INTERNAL))
        .extracting(ServicePort::settingKey)
        .containsExactly(
            "OS_WS_PORT",
            "MI_PORT",
            "EVENT_PORT",
            "AI_SERVICE_PORT",
            "STT_SERVICE_PORT",
            "TTS_SERVICE_PORT",
            "HTTP_PORT",
            "XDP_HTTP_PORT",
            "XDP_PIKE_EVENT_PORT");
    assertThat(m.internalCidrs(false))
        .extracting(Cidr::withPrefix)
        .as("loopback only by default: host networking uses no other network")
        .containsExactly("127.0.0.0/8");
    assertThat(m.internalCidrs(true)).extracting(Cidr::withPrefix).containsExactly("::1/128");
  }

  @Test
  void iptablesFileAcceptsPublicAndDropsInternalAfterTrustedSources() {
    String v4 = IptablesRenderer.render(model(Map.of("MI_PORT", "9999")), false);
    assertThat(v4)
        .contains("-A OAVC-INPUT -p udp -m udp --dport 5060 ")
        .contains("--dport 35000:35100 ");
    int trusted = v4.indexOf("-A OAVC-INPUT -s 127.0.0.0/8 -p udp -m udp --dport 9999 ");
    int drop = v4.indexOf("-A OAVC-INPUT -p udp -m udp --dport 9999 ");
    assertThat(trusted).isPositive();
    assertThat(drop).isGreaterThan(trusted);
    assertThat(v4.substring(drop, v4.indexOf('\n', drop))).endsWith("-j DROP");
    assertThat(v4).doesNotContain("::1").startsWith("#").endsWith("COMMIT\n");
  }

  @Test
  void ip6tablesFileOnlyNamesIpv6Sources() {
    String v6 = IptablesRenderer.render(model(Map.of()), true);
    assertThat(v6).contains("-s ::1/128 -p tcp -m tcp --dport 8081 ").doesNotContain("127.0.0.0/8");
  }

  @Test
  void nftFileReplacesItsOwnTableInOneTransaction() {
    String nft =
        NftRenderer.render(model(Map.of("RTP_MIN_PORT", "40000", "RTP_MAX_PORT", "40010")));
    assertThat(nft)
        .contains("table inet oavc\ndelete table inet oavc\ntable inet oavc {")
        .contains("elements = { 127.0.0.0/8 }")
        .contains("udp dport 40000-40010 accept")
        .contains("tcp dport 2700 ip saddr @internal_v4 accept")
        .contains("tcp dport 2700 counter drop");
  }

  @Test
  void ufwAllowsTrustedSourcesBeforeAnyDeny() {
    String ufw = UfwRenderer.render(model(Map.of()));
    assertThat(ufw)
        .startsWith("#!/bin/sh")
        .contains("ufw allow 35000:35100/udp")
        .contains("ufw allow from ::1/128 to any port 8088 proto udp");
    assertThat(ufw.lastIndexOf("ufw allow")).isLessThan(ufw.indexOf("ufw deny"));
  }

  @Test
  void badSettingsAreRejectedWithTheKeyNamed() {
    // TCP inside the UDP RTP range is no conflict; UDP inside it is.
    assertThat(model(Map.of("HTTP_PORT", "35050")).ports()).hasSize(11);
    assertThatThrownBy(() -> model(Map.of("EVENT_PORT", "35050")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("EVENT_PORT")
        .hasMessageContaining("overlap");
    assertThatThrownBy(() -> model(Map.of("EVENT_PORT", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("EVENT_PORT=0");
    assertThatThrownBy(() -> model(Map.of("INTERNAL_CIDRS", "10.1.2.3/8")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("host bits");
    assertThatThrownBy(() -> model(Map.of("INTERNAL_CIDRS", "lan")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("INTERNAL_CIDRS")
        .hasMessageContaining("not an IPv4/IPv6 address");
    assertThatThrownBy(() -> model(Map.of("INTERNAL_CIDRS", "::/129")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("0..128");
  }

  @Test
  void bareAddressIsAHostNetwork() {
    assertThat(Cidr.parse(" 10.0.0.7 ").withPrefix()).isEqualTo("10.0.0.7/32");
    assertThat(Cidr.parse("fd00::/8").ipv4()).isFalse();
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    assertThat(DurationConverter.parse("30s").toSeconds()).isEqualTo(30);
    assertThat(DurationConverter.parse("2m").toSeconds()).isEqualTo(120);
    assertThat(DurationConverter.parse("750ms").toMillis()).isEqualTo(750);
    assertThat(DurationConverter.parse("PT1H").toMinutes()).isEqualTo(60);
    assertThatThrownBy(() -> DurationConverter.parse("soon")).hasMessageContaining("soon");
    assertThatThrownBy(() -> DurationConverter.parse("0s")).hasMessageContaining("zero");
  }
}
