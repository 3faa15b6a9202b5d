package org.oavc.connector.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The images build in the reactor, so each Dockerfile must copy every module's pom (Maven reads
 * them all) and the sources of common, which every service depends on. A module added to the parent
 * pom without its COPY line breaks `docker compose build`, which CI does not run.
 */
class DockerfilesTest {

  @Test
  void everyImageCopiesEveryModulePomAndTheCommonSources() {
    List<String> modules = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(RepoFiles.read("pom.xml"));
    while (m.find()) {
      modules.add(m.group(1));
    }
    assertThat(modules).contains("common", "connector", "ai-services", "xdp-agent");
    for (String image : List.of("connector", "ai-services", "xdp-agent")) {
      String dockerfile = RepoFiles.read("docker/" + image + ".Dockerfile");
      for (String module : modules) {
        assertThat(dockerfile)
            .as("docker/%s.Dockerfile copies %s/pom.xml", image, module)
            .contains("COPY " + module + "/pom.xml " + module + "/pom.xml");
      }
      assertThat(dockerfile)
          .as("%s copies common/src", image)
          .contains("COPY common/src common/src");
      assertThat(dockerfile).contains("COPY " + image + "/src " + image + "/src");
    }
  }
}
