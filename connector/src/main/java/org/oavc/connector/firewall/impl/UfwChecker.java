package org.oavc.connector.firewall.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates ufw.sh by running each of its {@code ufw ...} commands with {@code --dry-run}, which
 * parses the rule and prints what it would do without changing anything. ufw has no private chain,
 * so there is deliberately no "apply" for it: operators who use ufw run ufw.sh.
 */
public final class UfwChecker {
  private final Shell shell;

  public UfwChecker(Shell shell) {
    this.shell = shell;
  }

  public boolean available() {
    return shell.run(null, "sh", "-c", "command -v ufw").ok();
  }

  public void check(String ufwScript) {
    for (String line : ufwScript.lines().toList()) {
      if (line.startsWith("ufw ")) {
        List<String> cmd = new ArrayList<>(List.of("ufw", "--dry-run"));
        cmd.addAll(words(line.substring(4)));
        shell.require("ufw --dry-run " + line.substring(4), null, cmd.toArray(String[]::new));
      }
    }
  }

  /** Splits on blanks, keeping single-quoted parts (our comments) as one word. */
  public static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : s.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          out.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(c);
        any = true;
      }
    }
    if (any) {
      out.add(cur.toString());
    }
    return out;
  }
}
