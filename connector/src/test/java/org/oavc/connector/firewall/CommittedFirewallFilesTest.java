package org.oavc.connector.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.Settings;

/**
 * The files in iptables/ must be exactly what the generator makes from the shipped defaults.
 * Regenerate them with {@code mvn -pl connector test -Dtest=CommittedFirewallFilesTest
 * -Doavc.firewall.regenerate=true}.
 */
class CommittedFirewallFilesTest {

  @Test
  void committedFilesMatchTheDefaults() throws IOException {
    Map<String, String> expected =
        FirewallFiles.render(PortModel.fromSettings(Settings.defaultsWith(Map.of())));
    Path dir = RepoFiles.root().resolve("iptables");
    if (Boolean.getBoolean("oavc.firewall.regenerate")) {
      FirewallFiles.write(expected, dir);
    }
    for (Map.Entry<String, String> f : expected.entrySet()) {
      Path committed = dir.resolve(f.getKey());
      assertThat(committed)
          .as("%s is missing; regenerate (see this test's javadoc)", committed)
          .exists();
      assertThat(Files.readString(committed, StandardCharsets.UTF_8))
          .as(
              "%s is stale: config/oavc.env changed; regenerate (see this test's javadoc)",
              committed)
          .isEqualTo(f.getValue());
    }
  }
}
