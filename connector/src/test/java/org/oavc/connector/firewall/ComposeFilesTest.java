package org.oavc.connector.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates docker-compose.yml + docker-compose.override.yml with Debian's docker-compose ({@code
 * config} needs no Docker engine) and checks what the deployment relies on.
 */
class ComposeFilesTest {
  private static RepoFiles.Run config;

  @BeforeAll
  static void renderWithDockerCompose() {
    RepoFiles.Run which =
        RepoFiles.run(List.of("sh", "-c", "command -v docker-compose"), Map.of(), null);
    Assumptions.assumeTrue(
        which.exit() == 0,
        "SKIPPED: docker-compose is not installed (scripts/test-packages.txt lists it)");
    config =
        RepoFiles.run(
            List.of(
                "docker-compose",
                "-f",
                "docker-compose.yml",
                "-f",
                "docker-compose.override.yml",
                "config"),
            Map.of(),
            null);
  }

  @Test
  void composeFilesAreValid() {
    assertThat(config.exit()).as(config.stderr()).isZero();
    assertThat(config.stdout())
        .contains("  opensips:", "  connector:", "  ai-services:", "  rtpengine:", "  xdp-agent:");
    assertThat(config.stdout().split("network_mode: host", -1)).hasSize(6);
  }

  @Test
  void everyServiceGetsTheOneConfigFile() {
    Map<String, String> defaults = RepoFiles.defaults();
    for (String key :
        List.of("MI_PORT", "EVENT_PORT", "OS_SIP_PORT", "HEARTBEAT_KEY", "XDP_HTTP_PORT")) {
      String line =
          key
              + ": "
              + (defaults.get(key).matches("\\d+")
                  ? "'" + defaults.get(key) + "'"
                  : defaults.get(key));
      assertThat(config.stdout().split(Pattern.quote(line), -1)).as(line).hasSize(6);
    }
  }

  @Test
  void openSipsRunsOurScriptOnAFixedVersion() {
    String compose = RepoFiles.read("docker-compose.yml");
    Matcher tag = Pattern.compile("opensips/opensips:3\\.4\\.(\\d+)").matcher(compose);
    assertThat(tag.find()).isTrue();
    assertThat(Integer.parseInt(tag.group(1)))
        .as("3.4.0-3.4.8 fail to raise the NEW event")
        .isGreaterThanOrEqualTo(9);
    assertThat(config.stdout())
        .contains("/etc/opensips/oavc/opensips.cfg")
        .contains("/bin/sh /etc/opensips/oavc/substenv.sh")
        .contains("condition: service_healthy")
        .contains("privileged: true")
        .contains("/sys/fs/bpf:/sys/fs/bpf");
  }

  @Test
  void rtpengineRunsFromTheSettingsWithoutPrivileges() {
    assertThat(config.stdout()).contains("dockerfile: docker/rtpengine.Dockerfile");
    assertThat(RepoFiles.read("docker/rtpengine.Dockerfile"))
        .contains("rtpengine-daemon")
        .contains("\nUSER nobody\n");
    assertThat(RepoFiles.read("docker/rtpengine-run.sh"))
        .contains("--table=-1")
        .contains("--listen-ng=\"$ng\"")
        .contains("--interface=\"$RTPENGINE_INTERFACE\"")
        .contains("--port-min=\"$RTPENGINE_MIN_PORT\" --port-max=\"$RTPENGINE_MAX_PORT\"");
    assertThat(config.stdout()).contains("/etc/opensips/tls");
  }

  @Test
  void dockerfilesAreMultiStageAndBuildFromTheRepositoryRoot() {
    for (String f :
        List.of(
            "docker/connector.Dockerfile",
            "docker/ai-services.Dockerfile",
            "docker/xdp-agent.Dockerfile")) {
      String text = RepoFiles.read(f);
      assertThat(text.split("\nFROM ", -1)).as(f).hasSize(3);
      assertThat(text).as(f).contains("AS build").contains("openjdk-17-jre-headless");
      assertThat(config.stdout()).contains("dockerfile: " + f);
    }
    assertThat(RepoFiles.read("docker/connector.Dockerfile")).contains("\nUSER oavc\n");
    assertThat(RepoFiles.read("docker/ai-services.Dockerfile")).contains("\nUSER oavc\n");
  }
}
