package org.oavc.connector.amd;

import java.util.List;
import java.util.Map;
import org.oavc.common.settings.Settings;

/**
 * Prints the detector's tables and misses on the labelled set: a development aid for reading what a
 * rule does (the figures come from bench/run.sh AmdAccuracy). Args: KEY=VALUE AMD settings.
 */
public final class AmdLabelledSetProbe {
  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> s = new java.util.HashMap<>();
    for (String a : args) {
      String[] kv = a.split("=", 2);
      s.put(kv[0], kv[1]);
    }
    List<AmdLabelledSet.Sample> set = AmdLabelledSet.build();
    List<AmdEvaluation.Outcome> ours =
        AmdEvaluation.run(set, () -> AmdOptions.fromSettings(Settings.defaultsWith(s)), false);
    System.out.println(AmdEvaluation.table("ours " + s, ours));
    for (AmdEvaluation.Outcome o : ours) {
      if (o.verdict() != o.sample().label()) {
        System.out.println(
            "  miss "
                + o.sample().id()
                + " -> "
                + (o.result() == null
                    ? "none"
                    : o.result().reason() + " at " + o.result().decidedAtMillis()));
      }
    }
    Map<String, Long> slow = new java.util.TreeMap<>();
    for (AmdEvaluation.Outcome o : ours) {
      if (o.verdict() == AmdVerdict.HUMAN && o.decisionMillis() > 1500) {
        slow.put(o.sample().id(), o.decisionMillis());
      }
    }
    System.out.println("  humans decided after 1.5 s: " + slow);
  }
}
