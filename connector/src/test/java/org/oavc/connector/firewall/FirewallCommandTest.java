package org.oavc.connector.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.common.settings.Settings;
import picocli.CommandLine;

class FirewallCommandTest {

  @Test
  void generateWritesTheFilesForTheGivenConfigFile(@TempDir Path tmp) throws Exception {
    Path cfg = tmp.resolve("site.env");
    Files.writeString(cfg, "OS_SIP_PORT=5080\nINTERNAL_CIDRS=10.9.0.0/16\n");
    Path out = tmp.resolve("out");
    int exit =
        new CommandLine(new FirewallCommand())
            .execute(
                "generate", "--ignore-env", "--config", cfg.toString(), "--out", out.toString());
    assertThat(exit).isZero();
    Map<String, String> expected =
        FirewallFiles.render(
            PortModel.fromSettings(
                Settings.defaultsWith(
                    Map.of("OS_SIP_PORT", "5080", "INTERNAL_CIDRS", "10.9.0.0/16"))));
    for (Map.Entry<String, String> f : expected.entrySet()) {
      assertThat(out.resolve(f.getKey())).hasContent(f.getValue());
    }
    assertThat(Files.readString(out.resolve(FirewallFiles.RULES_V4)))
        .contains("--dport 5080 ")
        .contains("-s 10.9.0.0/16 ");
    assertThat(Files.isExecutable(out.resolve(FirewallFiles.UFW))).isTrue();
  }

  @Test
  void configErrorsExitWithTwoAndNameTheKey(@TempDir Path tmp) throws Exception {
    Path cfg = tmp.resolve("bad.env");
    Files.writeString(cfg, "EVENT_PORT=0\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int exit;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit =
          new CommandLine(new FirewallCommand())
              .execute("generate", "--ignore-env", "--config", cfg.toString(), "--print");
    } finally {
      System.setErr(old);
    }
    assertThat(exit).isEqualTo(FirewallCommand.EXIT_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("EVENT_PORT=0");
  }

  @Test
  void theOavcCommandLineOffersTheFirewallCommand(@TempDir Path tmp) {
    int exit =
        new CommandLine(new org.oavc.connector.cli.OavcCli())
            .execute("firewall", "generate", "--ignore-env", "--out", tmp.toString());
    assertThat(exit).isZero();
    assertThat(tmp.resolve(FirewallFiles.NFT)).exists();
  }

  @Test
  void ufwCommandsSplitLikeTheShellDoes() {
    assertThat(
            org.oavc.connector.firewall.impl.UfwChecker.words(
                "allow 5060/udp comment 'oavc OpenSIPS SIP (OS_SIP_PORT)'"))
        .containsExactly("allow", "5060/udp", "comment", "oavc OpenSIPS SIP (OS_SIP_PORT)");
  }

  @Test
  void applyRefusesAllBackendsAtOnce() {
    assertThat(new CommandLine(new FirewallCommand()).execute("apply", "--backend", "all"))
        .isEqualTo(FirewallCommand.EXIT_CONFIG);
  }

  @Test
  void terminalConfirmationKeepsOnlyOnYes() throws Exception {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Duration ample = Duration.ofSeconds(10);
    assertThat(new TerminalConfirmation(stdin("yes\n"), sink).apply(ample)).isTrue();
    assertThat(new TerminalConfirmation(stdin(" YES \n"), sink).apply(ample)).isTrue();
    assertThat(new TerminalConfirmation(stdin("no\n"), sink).apply(ample)).isFalse();
    // End of input (the operator's SSH session died) means roll back.
    assertThat(new TerminalConfirmation(stdin(""), sink).apply(ample)).isFalse();
    // Nobody answers: roll back when the time is up.
    try (PipedOutputStream never = new PipedOutputStream();
        PipedInputStream silent = new PipedInputStream(never)) {
      assertThat(new TerminalConfirmation(silent, sink).apply(Duration.ofMillis(200))).isFalse();
    }
  }

  private static ByteArrayInputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
