package org.oavc.connector.amd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.Settings;

/**
 * The detector with the shipped settings on the generated labelled set (every installed voice,
 * G.711 and G.722), against the app_amd rules alone. Floors, not the measured figures (those are in
 * docs/performance.md): a change that makes the detector worse on the set fails here.
 */
class AmdLabelledSetTest {
  private static List<AmdLabelledSet.Sample> set;
  private static List<AmdEvaluation.Outcome> ours;
  private static List<AmdEvaluation.Outcome> classic;

  @BeforeAll
  static void run() throws Exception {
    set = AmdLabelledSet.build();
    ours =
        AmdEvaluation.run(
            set, () -> AmdOptions.fromSettings(Settings.defaultsWith(Map.of())), false);
    classic = AmdEvaluation.run(set, AmdOptions::classicRules, false);
  }

  /** The set is some 100 MB of audio: not kept for the rest of the test JVM. */
  @org.junit.jupiter.api.AfterAll
  static void release() {
    set = null;
    ours = null;
    classic = null;
    AmdVoices.forget();
  }

  /** The answers a person gives in a breath; the business line's long one is the known limit. */
  private static List<AmdEvaluation.Outcome> shortHumanAnswers(List<AmdEvaluation.Outcome> o) {
    return o.stream()
        .filter(x -> x.sample().label() == AmdVerdict.HUMAN)
        .filter(x -> !x.sample().id().contains("/human-6"))
        .toList();
  }

  @Test
  void theSetHasEveryVoiceBothCodecsAndBothClasses() {
    assertThat(AmdVoices.available())
        .as("FreeTTS, espeak-ng and flite (scripts/test-packages.txt installs the two)")
        .hasSize(AmdVoices.ALL.size());
    assertThat(set).extracting(AmdLabelledSet.Sample::codec).contains("G711", "G722");
    assertThat(set.stream().filter(s -> s.label() == AmdVerdict.MACHINE).count())
        .isEqualTo((long) AmdVoices.ALL.size() * AmdLabelledSet.MACHINE.size() * 2 * 2);
  }

  @Test
  void everyMachineIsFoundAndItsMessageStartsAfterItsBeepOrGreeting() {
    assertThat(AmdEvaluation.recall(ours, AmdVerdict.MACHINE)).isGreaterThanOrEqualTo(0.97);
    List<AmdEvaluation.Outcome> machines =
        ours.stream().filter(o -> o.sample().label() == AmdVerdict.MACHINE).toList();
    assertThat(machines.stream().filter(AmdEvaluation.Outcome::messageWellTimed).count())
        .isGreaterThanOrEqualTo((long) (0.95 * machines.size()));
  }

  @Test
  void shortHumanAnswersAreFoundQuicklyNoiseOrNot() {
    List<AmdEvaluation.Outcome> humans = shortHumanAnswers(ours);
    long right = humans.stream().filter(o -> o.verdict() == AmdVerdict.HUMAN).count();
    assertThat(right).isGreaterThanOrEqualTo((long) (0.9 * humans.size()));
    assertThat(AmdEvaluation.decisionPercentile(humans, AmdVerdict.HUMAN, 50))
        .as("first word to decision, median")
        .isLessThanOrEqualTo(1500);
  }

  @Test
  void thisBeatsApp_amdRulesOnNoisyLines() {
    double oursNoisy = recallNoisyHumans(ours);
    double classicNoisy = recallNoisyHumans(classic);
    assertThat(oursNoisy).isGreaterThanOrEqualTo(classicNoisy + 0.3);
  }

  private static double recallNoisyHumans(List<AmdEvaluation.Outcome> o) {
    List<AmdEvaluation.Outcome> noisy =
        shortHumanAnswers(o).stream().filter(x -> x.sample().noise()).toList();
    return (double) noisy.stream().filter(x -> x.verdict() == AmdVerdict.HUMAN).count()
        / noisy.size();
  }
}
