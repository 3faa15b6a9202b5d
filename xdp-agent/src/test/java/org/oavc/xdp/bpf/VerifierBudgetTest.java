package org.oavc.xdp.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.oavc.xdp.XdpAssumptions;

/**
 * The filter's verifier cost stays within its design budget, a quarter of the kernel's limit, for
 * the object built by each compiler a supported machine has: Debian 12's default clang (14) and
 * clang-19 (Debian 13's default). Near the limit, a program passes or fails by the accident of the
 * machine; the budget keeps it far from there.
 */
class VerifierBudgetTest {
  static final long BUDGET = 250_000;

  static Stream<Arguments> objects() {
    return Stream.of(
        Arguments.of("clang", Path.of("target", "classes", "bpf", "sip_filter.o")),
        Arguments.of("clang-19", Path.of("target", "bpf-clang-19", "sip_filter.o")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void verifierCostStaysWithinBudget(String compiler, Path object) throws Exception {
    assumeTrue(XdpAssumptions.root(), "loading needs root; skipped");
    String version = version(compiler);
    assumeTrue(
        version != null, compiler + " not installed; skipped (scripts/test-packages.txt has it)");
    assertThat(object).as("object built by %s", compiler).isRegularFile();
    try (FilterProgram program = FilterProgram.load(object)) {
      VerifierStats stats = program.verifierStats();
      System.out.printf(
          "verifier budget: %s (%s): %s; budget %d%n", compiler, version, stats, BUDGET);
      assertThat(stats).as("the kernel's BPF_LOG_STATS summary").isNotNull();
      assertThat(stats.insnLimit()).isEqualTo(1_000_000);
      assertThat(stats.processedInsns())
          .as("processed instructions, %s", compiler)
          .isPositive()
          .isLessThanOrEqualTo(BUDGET);
    }
  }

  /** A program over the verifier's limit fails as E2BIG, named so, with the verifier's words. */
  @Test
  void overTheLimitIsReportedAsProgramTooLarge(@TempDir Path dir) throws Exception {
    assumeTrue(XdpAssumptions.root(), "loading needs root; skipped");
    assumeTrue(version("clang") != null, "clang not installed; skipped");
    Path source = dir.resolve("too_large.c");
    // every iteration is a new state (i is known), so the verifier walks all of them
    Files.writeString(
        source,
        """
        #include <linux/bpf.h>
        #include <bpf/bpf_helpers.h>
        char LICENSE[] SEC("license") = "GPL";
        SEC("xdp")
        int sip_filter(struct xdp_md *ctx)
        {
        	unsigned long sum = 0;
        	for (int i = 0; i < 600000; i++)
        		sum += i ^ ctx->rx_queue_index;
        	return sum & 1 ? XDP_PASS : XDP_DROP;
        }
        """);
    Path object = dir.resolve("too_large.o");
    Process cc =
        new ProcessBuilder(
                "clang",
                "-O1",
                "-g",
                "-target",
                "bpf",
                "-I/usr/include/"
                    + System.getProperty("os.arch").replace("amd64", "x86_64")
                    + "-linux-gnu",
                "-c",
                source.toString(),
                "-o",
                object.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(cc.waitFor()).as("clang: %s", out).isZero();
    assertThatThrownBy(() -> FilterProgram.load(object).close())
        .isInstanceOfSatisfying(
            BpfException.class,
            e -> {
              assertThat(e.errno()).isEqualTo(BpfException.E2BIG);
              assertThat(e.mapFull()).isFalse();
              assertThat(e.getMessage())
                  .contains("E2BIG")
                  .contains("program too large")
                  .doesNotContain("map full")
                  .contains("verifier:")
                  .containsPattern("processed \\d+ insns \\(limit 1000000\\)");
            });
  }

  /** First line of {@code compiler --version}, or null when it is not installed. */
  static String version(String compiler) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(compiler, "--version").redirectErrorStream(true).start();
    } catch (IOException e) {
      return null;
    }
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return null;
    }
    return text.lines().findFirst().orElse("").trim();
  }
}
