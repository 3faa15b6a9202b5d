package org.oavc.common.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @Test
  void shippedFileUnderOperatorFileUnderEnvironment(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("site.env");
    Files.writeString(
        f, "# site\nMI_PORT=9088\nexport EVENT_PORT=\"9089\"\nRTP_MAX_PORT='35200'\n");
    Settings s =
        Settings.forCommandLine(
            new String[] {"--config", f.toString()}, Map.of("EVENT_PORT", "7089"));
    assertThat(s.port("MI_PORT")).isEqualTo(9088);
    assertThat(s.port("EVENT_PORT")).isEqualTo(7089);
    assertThat(s.integer("RTP_MAX_PORT", 1, 65535)).isEqualTo(35200);
    assertThat(s.port("HTTP_PORT")).as("shipped default").isEqualTo(8081);
    assertThat(Settings.forProcess(null, Map.of("CONFIG_FILE", f.toString())).port("MI_PORT"))
        .as("CONFIG_FILE names the operator's file")
        .isEqualTo(9088);
  }

  @Test
  void aKeyTheShippedFileDoesNotDefineIsAnError() {
    assertThatThrownBy(() -> Settings.defaultsWith(Map.of()).string("NO_SUCH_KEY"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("NO_SUCH_KEY")
        .hasMessageContaining("config/oavc.env");
  }

  @Test
  void typedGettersNameTheKeyOfABadValue() {
    Settings s =
        Settings.defaultsWith(
            Map.of(
                "MI_PORT",
                "eighty",
                "NATIVE_TRANSPORT",
                "maybe",
                "RTP_PACING",
                "timers",
                "MI_RETRIES",
                "99"));
    assertThatThrownBy(() -> s.port("MI_PORT"))
        .hasMessageContaining("MI_PORT")
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> s.bool("NATIVE_TRANSPORT")).hasMessageContaining("NATIVE_TRANSPORT");
    assertThatThrownBy(() -> s.choice("RTP_PACING", "grouped", "session"))
        .hasMessageContaining("RTP_PACING=timers")
        .hasMessageContaining("grouped, session");
    assertThatThrownBy(() -> s.integer("MI_RETRIES", 0, 10)).hasMessageContaining("[0, 10]");
  }

  @Test
  void optionalListChoiceAndFamilies() {
    Settings s =
        Settings.defaultsWith(
            Map.of(
                "RTP_IP",
                "  ",
                "SDP_CODECS",
                " pcmu, ,G722 ",
                "REALTIME_PROTOCOL",
                "BETA",
                "ECHO_CODECS",
                "PCMA",
                "_CODECS",
                "x"));
    assertThat(s.optional("RTP_IP")).isEmpty();
    assertThat(s.optional("MI_IP")).contains("127.0.0.1");
    assertThat(s.list("SDP_CODECS")).containsExactly("pcmu", "G722");
    assertThat(s.choice("REALTIME_PROTOCOL", "ga", "beta")).isEqualTo("beta");
    assertThat(s.family("_CODECS"))
        .containsEntry("ECHO", "PCMA")
        .containsEntry("SDP", " pcmu, ,G722 ")
        .doesNotContainKey("");
  }

  @Test
  void badLinesAndArgumentsAreNamed(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.env");
    Files.writeString(f, "MI_PORT=1\njust words\n");
    assertThatThrownBy(() -> Settings.load(f, Map.of())).hasMessageContaining("line 2");
    assertThatThrownBy(() -> Settings.forCommandLine(new String[] {"--verbose"}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--verbose");
    assertThatThrownBy(() -> Settings.load(dir.resolve("nope.env"), Map.of()))
        .hasMessageContaining("nope.env");
    assertThat(Settings.parse("A=x=y\nB=\"q\\\\d\"")).isEqualTo(Map.of("A", "x=y", "B", "q\\\\d"));
    assertThat(List.copyOf(Settings.defaults().keySet())).contains("MI_IP", "XDP_PIN_DIR");
  }
}
