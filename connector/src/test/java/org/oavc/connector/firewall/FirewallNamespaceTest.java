package org.oavc.connector.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.oavc.connector.firewall.NetnsPair.CLIENT_INSIDE_IP;
import static org.oavc.connector.firewall.NetnsPair.CLIENT_OUTSIDE_IP;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.oavc.common.settings.Settings;
import org.oavc.connector.firewall.FirewallApplier.Outcome;
import org.oavc.connector.firewall.impl.IptablesBackend;
import org.oavc.connector.firewall.impl.NftBackend;
import org.oavc.connector.firewall.impl.Shell;
import org.oavc.connector.firewall.impl.UfwChecker;

/**
 * Loads the generated rules into a private network namespace and checks them with real packets from
 * a second namespace. Needs root, iproute2, iptables and nftables; skips otherwise. Nothing outside
 * the two namespaces it creates (and removes) is touched.
 */
class FirewallNamespaceTest {
  private static final Map<String, String> FILES_INSIDE_CIDR =
      FirewallFiles.render(
          PortModel.fromSettings(
              Settings.defaultsWith(Map.of("INTERNAL_CIDRS", NetnsPair.INSIDE_CIDR))));

  /** A different ruleset, to prove a rollback restores the previous one and not "nothing". */
  private static final Map<String, String> FILES_OTHER =
      FirewallFiles.render(
          PortModel.fromSettings(
              Settings.defaultsWith(Map.of("INTERNAL_CIDRS", "198.51.100.0/24"))));

  private static final Function<java.time.Duration, Boolean> NEVER_CONFIRMED = d -> false;

  @BeforeAll
  static void needsRootAndTools() {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "SKIPPED: the firewall namespace test needs root (ip netns, iptables, nft)");
    Shell host = new Shell(null);
    for (String tool : List.of("ip", "iptables-restore", "ip6tables-restore", "nft")) {
      Assumptions.assumeTrue(
          host.run(null, "sh", "-c", "command -v " + tool).ok(),
          "SKIPPED: " + tool + " is not installed (scripts/test-packages.txt lists it)");
    }
  }

  /** A fresh namespace pair, or a clear skip where the kernel/container refuses namespaces. */
  private static NetnsPair netns() {
    try {
      return new NetnsPair();
    } catch (FirewallException e) {
      Assumptions.abort("SKIPPED: cannot create network namespaces here: " + e.getMessage());
      throw e;
    }
  }

  private static FirewallBackend backend(String name, String netns) {
    Shell shell = new Shell(netns);
    return name.equals("iptables") ? new IptablesBackend(shell) : new NftBackend(shell);
  }

  /**
   * Makes iptables create its base table and INPUT chain first: they appear on first use and are
   * not ours to remove, so "as before" is measured from there.
   */
  private static String pristine(String netns) {
    Shell s = new Shell(netns);
    for (String tool : List.of("iptables", "ip6tables")) {
      s.require(tool + " -I", null, tool, "-I", "INPUT", "1", "-j", "RETURN");
      s.require(tool + " -D", null, tool, "-D", "INPUT", "1");
    }
    return ruleset(netns);
  }

  /** The namespace's whole ruleset without timestamps and counters, for before/after checks. */
  private static String ruleset(String netns) {
    Shell s = new Shell(netns);
    String v4 = s.require("iptables-save", null, "iptables-save").stdout();
    String v6 = s.require("ip6tables-save", null, "ip6tables-save").stdout();
    String nft = s.require("nft list", null, "nft", "list", "ruleset").stdout();
    return (v4 + v6 + nft)
        .lines()
        .filter(l -> !l.startsWith("#"))
        .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", "").replaceAll("packets \\d+ bytes \\d+", ""))
        .reduce("", (a, b) -> a + b + "\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"iptables", "nftables"})
  void publicPortsPassInternalPortsOnlyFromTrustedSources(String name) throws Exception {
    try (NetnsPair net = netns()) {
      net.serve("5060,35000,35100,8088", "8081,2700");
      FirewallBackend fw = backend(name, net.server);
      String pristine = pristine(net.server);

      // Without our rules the probe reaches the internal port: it can tell "blocked" apart.
      assertThat(net.probe("udp/8088/" + CLIENT_OUTSIDE_IP + "/10000"))
          .containsExactly("udp/8088/" + CLIENT_OUTSIDE_IP + " PASS");

      // Not confirmed in time: everything is as before, traffic included.
      assertThat(
              new FirewallApplier(fw)
                  .apply(FILES_INSIDE_CIDR, java.time.Duration.ofSeconds(1), NEVER_CONFIRMED))
          .isEqualTo(Outcome.ROLLED_BACK);
      assertThat(ruleset(net.server)).isEqualTo(pristine);

      assertThat(new FirewallApplier(fw).apply(FILES_INSIDE_CIDR, null, null))
          .isEqualTo(Outcome.APPLIED);
      String applied = ruleset(net.server);
      assertThat(applied).isNotEqualTo(pristine);
      // Idempotent: a second run changes nothing (no second jump, no duplicated rules).
      new FirewallApplier(fw).apply(FILES_INSIDE_CIDR, null, null);
      assertThat(ruleset(net.server)).isEqualTo(applied);

      String blockWait = "/1500";
      String passWait = "/10000";
      assertThat(
              net.probe(
                  "udp/5060/" + CLIENT_OUTSIDE_IP + passWait,
                  "udp/35000/" + CLIENT_OUTSIDE_IP + passWait,
                  "udp/35100/" + CLIENT_OUTSIDE_IP + passWait,
                  "udp/8088/" + CLIENT_INSIDE_IP + passWait,
                  "tcp/8081/" + CLIENT_INSIDE_IP + passWait,
                  "udp/8088/" + CLIENT_OUTSIDE_IP + blockWait,
                  "tcp/8081/" + CLIENT_OUTSIDE_IP + blockWait,
                  "tcp/2700/" + CLIENT_OUTSIDE_IP + blockWait))
          .containsExactly(
              "udp/5060/" + CLIENT_OUTSIDE_IP + " PASS",
              "udp/35000/" + CLIENT_OUTSIDE_IP + " PASS",
              "udp/35100/" + CLIENT_OUTSIDE_IP + " PASS",
              "udp/8088/" + CLIENT_INSIDE_IP + " PASS",
              "tcp/8081/" + CLIENT_INSIDE_IP + " PASS",
              "udp/8088/" + CLIENT_OUTSIDE_IP + " BLOCKED",
              "tcp/8081/" + CLIENT_OUTSIDE_IP + " BLOCKED",
              "tcp/2700/" + CLIENT_OUTSIDE_IP + " BLOCKED");

      // A rollback over existing rules brings those rules back, not an empty chain.
      assertThat(
              new FirewallApplier(fw)
                  .apply(FILES_OTHER, java.time.Duration.ofSeconds(1), NEVER_CONFIRMED))
          .isEqualTo(Outcome.ROLLED_BACK);
      assertThat(ruleset(net.server)).isEqualTo(applied);
      assertThat(
              new FirewallApplier(fw)
                  .apply(FILES_OTHER, java.time.Duration.ofSeconds(1), d -> true))
          .isEqualTo(Outcome.CONFIRMED);
      assertThat(ruleset(net.server)).isNotEqualTo(applied).contains("198.51.100.0/24");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"iptables", "nftables"})
  void checkAcceptsGeneratedFilesAndRejectsBrokenOnes(String name) {
    try (NetnsPair net = netns()) {
      FirewallBackend fw = backend(name, net.server);
      String pristine = pristine(net.server);
      fw.check(FILES_INSIDE_CIDR);
      assertThat(ruleset(net.server)).as("check must not load anything").isEqualTo(pristine);

      Map<String, String> broken = new java.util.HashMap<>(FILES_INSIDE_CIDR);
      // (Out-of-range numbers are no good test: iptables silently wraps 99999 to 34463.)
      broken.replaceAll(
          (file, body) ->
              body.replace("dport 8088", "dport no-such-service")
                  .replace("port 8088 proto", "port no-such-service proto"));
      assertThatThrownBy(() -> fw.check(broken))
          .isInstanceOf(FirewallException.class)
          .hasMessageContaining(name.equals("iptables") ? "iptables-restore" : "nft");
      if (name.equals("iptables")) {
        UfwChecker ufw = new UfwChecker(new Shell(net.server));
        if (ufw.available()) {
          ufw.check(FILES_INSIDE_CIDR.get(FirewallFiles.UFW));
          assertThatThrownBy(() -> ufw.check(broken.get(FirewallFiles.UFW)))
              .isInstanceOf(FirewallException.class)
              .hasMessageContaining("ufw");
        }
      }
      // A broken file is refused before anything is loaded, and nothing is left behind.
      assertThatThrownBy(() -> new FirewallApplier(fw).apply(broken, null, null))
          .isInstanceOf(FirewallException.class);
      assertThat(ruleset(net.server)).isEqualTo(pristine);
    }
  }
}
