package org.oavc.connector.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.Settings;

/** docs/ports.md and docs/configuration.md must name every port and setting with its default. */
class DeploymentDocsTest {

  @Test
  void portsGuideListsEveryPortOfTheModelWithItsDefault() {
    String ports = RepoFiles.read("docs/ports.md");
    for (ServicePort p : PortModel.fromSettings(Settings.defaultsWith(Map.of())).ports()) {
      String key = p.isRange() ? "`RTP_MIN_PORT`..`RTP_MAX_PORT`" : "`" + p.settingKey() + "`";
      String row = "| " + p.dashed() + " | " + p.transport().keyword() + " | " + key + " |";
      assertThat(ports).as("docs/ports.md row for %s", p.settingKey()).contains(row);
      assertThat(ports.substring(ports.indexOf(row)).lines().findFirst().orElseThrow())
          .endsWith(p.exposure() == Exposure.PUBLIC ? "| **public** |" : "| internal |");
    }
  }

  @Test
  void configurationGuideListsEverySettingWithItsDefault() {
    String doc = RepoFiles.read("docs/configuration.md");
    for (Map.Entry<String, String> e : RepoFiles.defaults().entrySet()) {
      String shown = e.getValue().isEmpty() ? "*(empty)*" : "`" + e.getValue() + "`";
      assertThat(doc)
          .as("docs/configuration.md row for %s", e.getKey())
          .contains("| `" + e.getKey() + "` | " + shown + " |");
    }
  }
}
