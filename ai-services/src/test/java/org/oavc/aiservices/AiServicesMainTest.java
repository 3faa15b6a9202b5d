package org.oavc.aiservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AiServicesMainTest {

  @Test
  void fileSettingsAreOverriddenByTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("oavc.env");
    Files.writeString(
        file,
        "# comment\nAI_SERVICE_HOST=0.0.0.0\nSTT_SERVICE_PORT=12701\n"
            + "TTS_SERVICE_PORT=\"18000\"\nAI_SERVICE_PORT=12700\n");
    AiServicesOptions options =
        AiServicesMain.options(
            new String[] {"--config", file.toString()},
            Map.of("TTS_SERVICE_PORT", "18001", "VOSK_MODEL_PATH", "/m"));
    assertThat(options.getHost()).isEqualTo("0.0.0.0");
    assertThat(options.getSttPort()).isEqualTo(12701);
    assertThat(options.getTtsPort()).isEqualTo(18001);
    assertThat(options.getAiPort()).isEqualTo(12700);
    assertThat(options.getModelPath()).isEqualTo("/m");
  }

  @Test
  void defaultsMatchTheShippedConfig() throws Exception {
    AiServicesOptions options = AiServicesMain.options(new String[0], Map.of());
    assertThat(options.getSttPort()).isEqualTo(2701);
    assertThat(options.getTtsPort()).isEqualTo(8000);
    assertThat(options.getAiPort()).isEqualTo(2700);
    assertThat(options.getHost()).isEqualTo("127.0.0.1");
    assertThat(options.getModelPath()).isNull();
    // the programmatic defaults (embedding, tests) are the shipped file's
    AiServicesOptions plain = new AiServicesOptions();
    assertThat(List.of(plain.getHost(), plain.getAiPort(), plain.getSttPort(), plain.getTtsPort()))
        .isEqualTo(
            List.of(
                options.getHost(),
                options.getAiPort(),
                options.getSttPort(),
                options.getTtsPort()));
  }

  @Test
  void subcommandRefusesABadConfigWithStatus2(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.env");
    Files.writeString(file, "TTS_SERVICE_PORT=eighty\n");
    assertThat(
            new picocli.CommandLine(new AiServicesCommand()).execute("--config", file.toString()))
        .isEqualTo(2);
  }

  @Test
  void badPortsAndArgumentsAreNamed() {
    assertThatThrownBy(
            () -> AiServicesMain.options(new String[0], Map.of("STT_SERVICE_PORT", "70000")))
        .hasMessageContaining("STT_SERVICE_PORT");
    assertThatThrownBy(() -> AiServicesMain.options(new String[] {"--verbose"}, Map.of()))
        .hasMessageContaining("--verbose");
  }
}
