package org.oavc.connector.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oavc.connector.firewall.impl.Shell;

/**
 * Runs opensips/opensips.cfg on a real OpenSIPS 3.4 in a private network namespace and drives it
 * with {@link OpenSipsLiveProbe}. Only where an OpenSIPS binary exists: set OPENSIPS_BIN (and
 * OPENSIPS_MODULES, its module directory); CI has none, so there it skips. Needs root.
 */
class OpenSipsLiveTest {
  private static final String FLOOD_SOURCE = "10.99.0.1";
  private static String bin;
  private final Map<String, String> defaults = RepoFiles.defaults();

  @BeforeAll
  static void needsOpenSipsAndRoot() {
    bin = System.getenv("OPENSIPS_BIN");
    Assumptions.assumeTrue(
        bin != null && Files.isExecutable(Path.of(bin)),
        "SKIPPED: no OpenSIPS here; set OPENSIPS_BIN (and OPENSIPS_MODULES) to run the script");
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "SKIPPED: the live OpenSIPS test needs root for its network namespace");
  }

  @Test
  void callsAreGatedByTheLivenessKey() throws Exception {
    Map<String, String> r = run("calls", Map.of());
    assertThat(r.get("no-connector"))
        .startsWith("SIP/2.0 503")
        .endsWith("Retry-After: " + defaults.get("RETRY_AFTER_S"));
    assertThat(r.get("options")).startsWith("SIP/2.0 200");
    assertThat(r.get("message")).startsWith("SIP/2.0 405").contains("Allow: INVITE");
    assertThat(r.get("stray-bye")).startsWith("SIP/2.0 481");
    assertThat(r.get("no-call-id")).startsWith("SIP/2.0 400");
    assertThat(r.get("cache_store")).contains("\"result\":\"OK\"");
    assertThat(r.get("subscribe")).contains("\"result\":\"OK\"");
    assertThat(r.get("connector-alive")).startsWith("SIP/2.0 100");
    assertThat(r.get("event")).isEqualTo("NEW body headers");
    assertThat(r.get("reply-480")).contains("\"result\":\"OK\"");
    assertThat(r.get("caller-got")).startsWith("SIP/2.0 480");
    assertThat(r.get("key-expired")).startsWith("SIP/2.0 503");
  }

  @Test
  void withoutAConnectorCallsGoToTheFallback() throws Exception {
    Map<String, String> r = run("fallback", Map.of("FALLBACK_URI", "sip:human@127.0.0.1:5072"));
    assertThat(r.get("relayed")).isEqualTo("INVITE sip:human@127.0.0.1:5072 SIP/2.0");
  }

  @Test
  void floodsAreCutAndReportedForTheXdpAgent() throws Exception {
    Map<String, String> r = run("pike", Map.of());
    assertThat(Integer.parseInt(r.get("flood-answered"))).isLessThan(300);
    assertThat(r.get("pike-event"))
        .contains("\"method\":\"E_PIKE_BLOCKED\"")
        .contains("\"ip\":\"" + FLOOD_SOURCE + "\"");
  }

  private Map<String, String> run(String mode, Map<String, String> extraEnv) throws Exception {
    String ns = "oavcos-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    Shell host = new Shell(null);
    Shell inside = new Shell(ns);
    Path log = Files.createTempFile("oavc-opensips-", ".log");
    Process opensips = null;
    try {
      host.require("ip netns add", null, "ip", "netns", "add", ns);
      inside.require("lo up", null, "ip", "link", "set", "lo", "up");
      inside.require("flood source", null, "ip", "addr", "add", FLOOD_SOURCE + "/32", "dev", "lo");
      Map<String, String> env = new HashMap<>(defaults);
      env.putAll(extraEnv);
      if (System.getenv("OPENSIPS_MODULES") != null) {
        env.put("LD_LIBRARY_PATH", System.getenv("OPENSIPS_MODULES"));
      }
      Path root = RepoFiles.root();
      ProcessBuilder pb =
          new ProcessBuilder(
                  "ip",
                  "netns",
                  "exec",
                  ns,
                  bin,
                  "-F",
                  "-f",
                  root.resolve("opensips/opensips.cfg").toString(),
                  "-p",
                  "/bin/sh " + root.resolve("opensips/substenv.sh"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().putAll(env);
      opensips = pb.start();

      List<String> cmd =
          new ArrayList<>(
              List.of(
                  "ip",
                  "netns",
                  "exec",
                  ns,
                  ProcessHandle.current()
                      .info()
                      .command()
                      .orElse(System.getProperty("java.home") + "/bin/java"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  OpenSipsLiveProbe.class.getName(),
                  defaults.get("OS_SIP_PORT"),
                  defaults.get("MI_PORT"),
                  defaults.get("EVENT_PORT"),
                  defaults.get("HEARTBEAT_KEY"),
                  mode,
                  FLOOD_SOURCE));
      Process probe =
          new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      probe.getOutputStream().close();
      String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(probe.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(probe.exitValue())
          .as("probe output: %s%nOpenSIPS log:%n%s", out, Files.readString(log))
          .isZero();
      Map<String, String> results = new LinkedHashMap<>();
      out.lines()
          .filter(l -> l.contains(": "))
          .forEach(
              l -> results.put(l.substring(0, l.indexOf(": ")), l.substring(l.indexOf(": ") + 2)));
      return results;
    } finally {
      if (opensips != null) {
        stop(opensips);
      }
      host.run(null, "ip", "netns", "del", ns);
      Files.deleteIfExists(log);
    }
  }

  private static void stop(Process p) throws InterruptedException {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}
