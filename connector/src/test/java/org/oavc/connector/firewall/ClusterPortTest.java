package org.oavc.connector.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

/** The cluster member's port is in the firewall model once there is a cluster, internal only. */
class ClusterPortTest {

  private static PortModel model(Map<String, String> overrides) {
    return PortModel.fromSettings(Settings.defaultsWith(overrides));
  }

  @Test
  void aLoneNodeHasNoMemberPort() {
    assertThat(model(Map.of()).ports())
        .extracting(ServicePort::settingKey)
        .doesNotContain("CLUSTER_PORT");
  }

  @Test
  void aClusteredNodesMemberPortIsInternal() {
    PortModel m =
        model(
            Map.of(
                "CLUSTER_MEMBERS", "10.0.0.1:5801,10.0.0.2:5801",
                "CLUSTER_PORT", "5801",
                "INTERNAL_CIDRS", "10.0.0.0/24"));
    assertThat(m.ports(Exposure.INTERNAL))
        .filteredOn(p -> p.settingKey().equals("CLUSTER_PORT"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.transport()).isEqualTo(Transport.TCP);
              assertThat(p.fromPort()).isEqualTo(5801);
            });
    assertThat(m.ports(Exposure.PUBLIC))
        .extracting(ServicePort::settingKey)
        .doesNotContain("CLUSTER_PORT");
    String rules = FirewallFiles.render(m).get("rules.v4");
    assertThat(rules).containsPattern("10\\.0\\.0\\.0/24.*--dport 5801");
  }

  @Test
  void aMemberPortOnAnotherServicesPortIsRefused() {
    assertThatThrownBy(
            () -> model(Map.of("CLUSTER_MEMBERS", "10.0.0.1:8081", "CLUSTER_PORT", "8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("8081");
  }
}
