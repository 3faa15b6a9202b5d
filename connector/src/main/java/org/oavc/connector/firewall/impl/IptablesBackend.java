package org.oavc.connector.firewall.impl;

import static org.oavc.connector.firewall.IptablesRenderer.CHAIN;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.oavc.connector.firewall.FirewallBackend;
import org.oavc.connector.firewall.FirewallFiles;

/**
 * iptables + ip6tables: our rules live in the chain {@code OAVC-INPUT} (loaded with {@code
 * iptables-restore --noflush}, which replaces the chain's content in one commit) plus one jump from
 * INPUT that is only added when missing.
 */
public final class IptablesBackend implements FirewallBackend {
  private static final String JUMP_LINE = "-A INPUT -j " + CHAIN;

  /** Our chain's rules per family; {@code null} when the chain did not exist. */
  record ChainState(List<String> rules, boolean jumped) {}

  record IptablesSnapshot(ChainState v4, ChainState v6) implements Snapshot {}

  private final Shell shell;

  public IptablesBackend(Shell shell) {
    this.shell = shell;
  }

  @Override
  public String name() {
    return "iptables";
  }

  @Override
  public void check(Map<String, String> files) {
    shell.require(
        "iptables-restore --test",
        files.get(FirewallFiles.RULES_V4),
        "iptables-restore",
        "--test",
        "--noflush");
    shell.require(
        "ip6tables-restore --test",
        files.get(FirewallFiles.RULES_V6),
        "ip6tables-restore",
        "--test",
        "--noflush");
  }

  @Override
  public Snapshot snapshot() {
    return new IptablesSnapshot(chainState("iptables"), chainState("ip6tables"));
  }

  @Override
  public void apply(Map<String, String> files) {
    load("iptables", files.get(FirewallFiles.RULES_V4));
    load("ip6tables", files.get(FirewallFiles.RULES_V6));
  }

  @Override
  public void restore(Snapshot snapshot) {
    IptablesSnapshot s = (IptablesSnapshot) snapshot;
    restore("iptables", s.v4());
    restore("ip6tables", s.v6());
  }

  private void load(String tool, String rules) {
    shell.require(tool + "-restore", rules, tool + "-restore", "--noflush");
    if (!shell.run(null, tool, "-C", "INPUT", "-j", CHAIN).ok()) {
      shell.require("adding the jump to " + CHAIN, null, tool, "-I", "INPUT", "1", "-j", CHAIN);
    }
  }

  private ChainState chainState(String tool) {
    Shell.Result r = shell.run(null, tool + "-save", "-t", "filter");
    if (!r.ok()) {
      // No filter table yet (a fresh nf_tables host): then there is no chain of ours either.
      return null;
    }
    List<String> lines = r.stdout().lines().toList();
    if (lines.stream().noneMatch(l -> l.startsWith(":" + CHAIN + " "))) {
      return null;
    }
    List<String> rules = lines.stream().filter(l -> l.startsWith("-A " + CHAIN + " ")).toList();
    return new ChainState(rules, lines.contains(JUMP_LINE));
  }

  private void restore(String tool, ChainState before) {
    // Drop every jump first so that the chain can be deleted or refilled cleanly.
    while (shell.run(null, tool, "-D", "INPUT", "-j", CHAIN).ok()) {
      // -D removes one jump per call.
    }
    if (before == null) {
      shell.run(null, tool, "-F", CHAIN);
      shell.run(null, tool, "-X", CHAIN);
      return;
    }
    String file =
        "*filter\n:"
            + CHAIN
            + " - [0:0]\n-F "
            + CHAIN
            + "\n"
            + before.rules().stream().map(l -> l + "\n").collect(Collectors.joining())
            + "COMMIT\n";
    shell.require(tool + "-restore (rollback)", file, tool + "-restore", "--noflush");
    if (before.jumped()) {
      shell.require("restoring the jump to " + CHAIN, null, tool, "-I", "INPUT", "1", "-j", CHAIN);
    }
  }
}
