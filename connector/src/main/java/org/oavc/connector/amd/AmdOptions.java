package org.oavc.connector.amd;

import java.util.List;
import java.util.Locale;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

/**
 * How answering-machine detection decides and what it does with a machine. The timing rules are
 * those of the app_amd family (initial silence, greeting length, word count, silence after the
 * greeting, total analysis time); beside them a beep detector, a noise-following level and the
 * callee's words when speech-to-text runs.
 */
public final class AmdOptions {
  /** What to do when a machine answered. */
  public enum MachineAction {
    /** Wait for the beep (or the silence after the greeting) and speak the voicemail message. */
    MESSAGE,
    HANGUP
  }

  private int initialSilenceMillis = 2500;
  private int greetingMillis = 2100;
  private int afterGreetingSilenceMillis = 500;
  private int totalAnalysisMillis = 5000;
  private int minWordMillis = 100;
  private int betweenWordsSilenceMillis = 100;
  private int maxWords = 5;
  private boolean adaptiveLevel = true;
  private double fixedLevelDb = -42;
  private boolean beep = true;
  private boolean silentAnswerMachine;
  private List<String> phrases = List.of();
  private boolean words = true;
  private MachineAction machineAction = MachineAction.HANGUP;
  private String voicemailMessage = "";
  private int beepWaitMillis = 20_000;

  /**
   * Reads AMD_INITIAL_SILENCE_MS, AMD_GREETING_MS, AMD_AFTER_GREETING_SILENCE_MS,
   * AMD_TOTAL_ANALYSIS_MS, AMD_MIN_WORD_MS, AMD_BETWEEN_WORDS_SILENCE_MS, AMD_MAX_WORDS, AMD_BEEP,
   * AMD_PHRASES, AMD_WORDS, AMD_MACHINE_ACTION, AMD_VOICEMAIL_MESSAGE and AMD_BEEP_WAIT_MS.
   */
  public static AmdOptions fromSettings(Settings s) {
    AmdOptions o = new AmdOptions();
    o.initialSilenceMillis = s.integer("AMD_INITIAL_SILENCE_MS", 100, 60_000);
    o.greetingMillis = s.integer("AMD_GREETING_MS", 100, 60_000);
    o.afterGreetingSilenceMillis = s.integer("AMD_AFTER_GREETING_SILENCE_MS", 100, 10_000);
    o.totalAnalysisMillis = s.integer("AMD_TOTAL_ANALYSIS_MS", 500, 60_000);
    o.minWordMillis = s.integer("AMD_MIN_WORD_MS", 20, 5000);
    o.betweenWordsSilenceMillis = s.integer("AMD_BETWEEN_WORDS_SILENCE_MS", 20, 5000);
    o.maxWords = s.integer("AMD_MAX_WORDS", 1, 100);
    o.beep = s.bool("AMD_BEEP");
    o.phrases =
        s.list("AMD_PHRASES").stream()
            .map(p -> p.trim().toLowerCase(Locale.ROOT))
            .filter(p -> !p.isEmpty())
            .toList();
    o.words = s.bool("AMD_WORDS");
    o.machineAction =
        MachineAction.valueOf(s.choice("AMD_MACHINE_ACTION", "message", "hangup").toUpperCase());
    o.voicemailMessage = s.string("AMD_VOICEMAIL_MESSAGE").trim();
    o.beepWaitMillis = s.integer("AMD_BEEP_WAIT_MS", 1000, 120_000);
    if (o.machineAction == MachineAction.MESSAGE && o.voicemailMessage.isEmpty()) {
      throw new ConfigException(
          "AMD_VOICEMAIL_MESSAGE is empty with AMD_MACHINE_ACTION=message: give the message, or"
              + " choose hangup");
    }
    return o;
  }

  /**
   * The rules alone as app_amd applies them (its defaults: 2.5 s initial silence, 1.5 s greeting,
   * 0.8 s after it, 5 s in all, words of 100 ms split by 50 ms, 3 words), with a fixed silence
   * level and neither beep nor words: the baseline the detector is measured against.
   */
  public static AmdOptions classicRules() {
    AmdOptions o = new AmdOptions();
    o.initialSilenceMillis = 2500;
    o.greetingMillis = 1500;
    o.afterGreetingSilenceMillis = 800;
    o.totalAnalysisMillis = 5000;
    o.minWordMillis = 100;
    o.betweenWordsSilenceMillis = 50;
    o.maxWords = 3;
    o.adaptiveLevel = false;
    o.beep = false;
    o.silentAnswerMachine = true;
    o.phrases = List.of();
    o.words = false;
    return o;
  }

  public int getInitialSilenceMillis() {
    return initialSilenceMillis;
  }

  public int getGreetingMillis() {
    return greetingMillis;
  }

  public int getAfterGreetingSilenceMillis() {
    return afterGreetingSilenceMillis;
  }

  public int getTotalAnalysisMillis() {
    return totalAnalysisMillis;
  }

  public int getMinWordMillis() {
    return minWordMillis;
  }

  public int getBetweenWordsSilenceMillis() {
    return betweenWordsSilenceMillis;
  }

  public int getMaxWords() {
    return maxWords;
  }

  public boolean isAdaptiveLevel() {
    return adaptiveLevel;
  }

  public double getFixedLevelDb() {
    return fixedLevelDb;
  }

  /** app_amd's reading of a silent answer (machine); ours is unknown. */
  public boolean isSilentAnswerMachine() {
    return silentAnswerMachine;
  }

  public boolean isBeep() {
    return beep;
  }

  public List<String> getPhrases() {
    return phrases;
  }

  /**
   * Whether a call whose flavor has a speech-to-text back end (pipeline) opens a stream of it on
   * the callee's audio while detecting, for {@link #getPhrases()}.
   */
  public boolean isWords() {
    return words;
  }

  public MachineAction getMachineAction() {
    return machineAction;
  }

  public String getVoicemailMessage() {
    return voicemailMessage;
  }

  public int getBeepWaitMillis() {
    return beepWaitMillis;
  }

  public AmdOptions setGreetingMillis(int greetingMillis) {
    this.greetingMillis = greetingMillis;
    return this;
  }

  public AmdOptions setAfterGreetingSilenceMillis(int afterGreetingSilenceMillis) {
    this.afterGreetingSilenceMillis = afterGreetingSilenceMillis;
    return this;
  }

  public AmdOptions setMaxWords(int maxWords) {
    this.maxWords = maxWords;
    return this;
  }

  public AmdOptions setBetweenWordsSilenceMillis(int betweenWordsSilenceMillis) {
    this.betweenWordsSilenceMillis = betweenWordsSilenceMillis;
    return this;
  }
}
