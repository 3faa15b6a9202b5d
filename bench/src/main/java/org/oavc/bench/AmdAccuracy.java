package org.oavc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.oavc.common.settings.Settings;
import org.oavc.connector.amd.AmdEvaluation;
import org.oavc.connector.amd.AmdLabelledSet;
import org.oavc.connector.amd.AmdOptions;
import org.oavc.connector.amd.AmdVerdict;
import org.oavc.connector.amd.AmdVoices;

/**
 * Answering-machine detection on the generated labelled set ({@link AmdLabelledSet}): the timing
 * rules' four numbers are chosen on the development voices (FreeTTS, espeak-ng) by a grid search,
 * then the app_amd rules alone, the shipped defaults and the shipped defaults with words (Vosk's
 * streaming transcript) are measured on the held-out voices (flite) and on all. Prints the tables.
 *
 * <p>Usage: bench/run.sh AmdAccuracy [words=true] [grid=true] (the grid takes some 10 minutes on 2
 * cores)
 */
public final class AmdAccuracy {
  private static final Set<String> DEV = Set.of("freetts", "espeak-ng");

  public static void main(String[] args) throws Exception {
    boolean words = args.length == 0 || Boolean.parseBoolean(args[0]);
    boolean grid = args.length < 2 || Boolean.parseBoolean(args[1]);
    List<AmdLabelledSet.Sample> all = AmdLabelledSet.build();
    List<String> devVoices = new ArrayList<>();
    for (AmdVoices.Voice v : AmdVoices.available()) {
      if (DEV.contains(v.engine())) {
        devVoices.add(v.name());
      }
    }
    List<AmdLabelledSet.Sample> dev =
        all.stream().filter(s -> devVoices.contains(s.voice())).toList();
    List<AmdLabelledSet.Sample> held =
        all.stream().filter(s -> !devVoices.contains(s.voice())).toList();
    System.out.printf(
        "%d samples: %d development (%s), %d held out; %s%n",
        all.size(), dev.size(), devVoices, held.size(), Percentiles.machine());

    if (grid) {
      search(dev);
    }
    report(
        "app_amd rules alone (its defaults, fixed level, no beep, no words)",
        AmdOptions::classicRules,
        held,
        all,
        false);
    report("shipped defaults (config/oavc.env)", AmdAccuracy::shipped, held, all, false);
    if (words) {
      report("shipped defaults + words (Vosk, streaming)", AmdAccuracy::shipped, held, all, true);
    }
  }

  /** The four timing numbers that do best on {@code dev} (balanced accuracy, then human p90). */
  private static void search(List<AmdLabelledSet.Sample> dev) throws Exception {
    double best = -1;
    long bestP90 = Long.MAX_VALUE;
    String chosen = null;
    for (int after : new int[] {500, 600, 700, 800}) {
      for (int greeting : new int[] {1500, 1800, 2100}) {
        for (int maxWords : new int[] {3, 4, 5, 6}) {
          for (int between : new int[] {50, 100, 150}) {
            AmdOptions o =
                shipped()
                    .setAfterGreetingSilenceMillis(after)
                    .setGreetingMillis(greeting)
                    .setMaxWords(maxWords)
                    .setBetweenWordsSilenceMillis(between);
            List<AmdEvaluation.Outcome> r = AmdEvaluation.run(dev, () -> o, false);
            double balanced =
                (AmdEvaluation.recall(r, AmdVerdict.HUMAN)
                        + AmdEvaluation.recall(r, AmdVerdict.MACHINE))
                    / 2;
            long p90 = AmdEvaluation.decisionPercentile(r, AmdVerdict.HUMAN, 90);
            if (balanced > best + 1e-9 || (Math.abs(balanced - best) < 1e-9 && p90 < bestP90)) {
              best = balanced;
              bestP90 = p90;
              chosen =
                  String.format(
                      "AMD_AFTER_GREETING_SILENCE_MS=%d AMD_GREETING_MS=%d AMD_MAX_WORDS=%d"
                          + " AMD_BETWEEN_WORDS_SILENCE_MS=%d",
                      after, greeting, maxWords, between);
            }
          }
        }
      }
    }
    System.out.printf(
        "chosen on the development voices: %s (balanced accuracy %.1f %%, human p90 %d ms)%n%n",
        chosen, 100 * best, bestP90);
  }

  private static void report(
      String title,
      Supplier<AmdOptions> options,
      List<AmdLabelledSet.Sample> held,
      List<AmdLabelledSet.Sample> all,
      boolean words)
      throws Exception {
    System.out.println(
        AmdEvaluation.table(
            "== " + title + ", held-out voices", AmdEvaluation.run(held, options, words)));
    System.out.println(
        AmdEvaluation.table(
            "== " + title + ", all voices", AmdEvaluation.run(all, options, words)));
  }

  private static AmdOptions shipped() {
    return AmdOptions.fromSettings(Settings.defaultsWith(java.util.Map.of()));
  }
}
