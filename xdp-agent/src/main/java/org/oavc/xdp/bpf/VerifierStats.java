package org.oavc.xdp.bpf;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kernel verifier reported for one program load (log level BPF_LOG_STATS): how many
 * instructions it processed against its limit, and how many states it kept. The filter's design
 * budget is a quarter of the limit (docs/xdp.md, "Verifier budget").
 *
 * @param processedInsns instructions the verifier processed, all paths and subprograms
 * @param insnLimit the kernel's limit (1 000 000 on every kernel since 5.2)
 * @param totalStates states the verifier stored
 * @param peakStates most states alive at once
 * @param verificationMicros time the verifier took, -1 when not reported
 */
public record VerifierStats(
    long processedInsns,
    long insnLimit,
    long totalStates,
    long peakStates,
    long verificationMicros) {
  private static final Pattern PROCESSED =
      Pattern.compile(
          "processed (\\d+) insns \\(limit (\\d+)\\) max_states_per_insn \\d+ total_states (\\d+)"
              + " peak_states (\\d+)");
  private static final Pattern TIME = Pattern.compile("verification time (\\d+) usec");

  /** Parses the statistics lines of a verifier log; null when the log has none. */
  public static VerifierStats parse(String log) {
    Matcher m = PROCESSED.matcher(log == null ? "" : log);
    if (!m.find()) {
      return null;
    }
    Matcher t = TIME.matcher(log);
    return new VerifierStats(
        Long.parseLong(m.group(1)),
        Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)),
        t.find() ? Long.parseLong(t.group(1)) : -1);
  }

  /** Processed instructions as a share of the limit, in percent. */
  public double percentOfLimit() {
    return insnLimit == 0 ? 0 : 100.0 * processedInsns / insnLimit;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "verifier processed %d insns (%.1f %% of its limit %d), %d states (peak %d)%s",
        processedInsns,
        percentOfLimit(),
        insnLimit,
        totalStates,
        peakStates,
        verificationMicros >= 0 ? ", " + verificationMicros + " us" : "");
  }
}
