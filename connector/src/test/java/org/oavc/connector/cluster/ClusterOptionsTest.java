package org.oavc.connector.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

class ClusterOptionsTest {

  @Test
  void theShippedDefaultsAreAloneWithAHostAndPidNodeId() {
    ClusterOptions o = ClusterOptions.fromSettings(Settings.defaultsWith(Map.of()));
    assertThat(o.alone()).isTrue();
    assertThat(o.getName()).isEqualTo("oavc");
    assertThat(o.getPort()).isEqualTo(5701);
    assertThat(o.getNodeId()).endsWith("-" + ProcessHandle.current().pid());
    assertThat(o.getMaxSilenceSeconds()).isGreaterThan(o.getHeartbeatIntervalSeconds());
  }

  @Test
  void membersAndNodeIdAreReadAsGiven() {
    ClusterOptions o =
        ClusterOptions.fromSettings(
            Settings.defaultsWith(
                Map.of(
                    "CLUSTER_MEMBERS", "127.0.0.1:5701, 10.0.0.2:5702",
                    "NODE_ID", "edge-a",
                    "CLUSTER_INTERFACE", "10.0.0.1")));
    assertThat(o.alone()).isFalse();
    assertThat(o.getMembers()).containsExactly("127.0.0.1:5701", "10.0.0.2:5702");
    assertThat(o.getNodeId()).isEqualTo("edge-a");
    assertThat(o.getBindInterface()).isEqualTo("10.0.0.1");
  }

  @Test
  void badValuesFailWithTheKeysName() {
    assertThatThrownBy(() -> read("CLUSTER_MEMBERS", "10.0.0.2"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CLUSTER_MEMBERS");
    assertThatThrownBy(() -> read("CLUSTER_MEMBERS", "10.0.0.2:70000"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CLUSTER_MEMBERS");
    assertThatThrownBy(() -> read("CLUSTER_PORT", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CLUSTER_PORT");
    assertThatThrownBy(() -> read("CLUSTER_NAME", " "))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CLUSTER_NAME");
    assertThatThrownBy(() -> read("CLUSTER_MAX_SILENCE_S", "1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CLUSTER_MAX_SILENCE_S");
  }

  private static ClusterOptions read(String key, String value) {
    return ClusterOptions.fromSettings(Settings.defaultsWith(Map.of(key, value)));
  }
}
