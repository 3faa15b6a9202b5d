package org.oavc.connector.amd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;
import org.oavc.connector.speech.Pcm;
import org.oavc.connector.speech.SpeechPrompts;

/** The detector's rules one by one, on short synthetic calls at 8 kHz. */
class RuleDetectorTest {
  private static final int RATE = 8000;

  private static AmdOptions shipped() {
    return AmdOptions.fromSettings(Settings.defaultsWith(Map.of()));
  }

  private static AnsweringMachineDetector fed(AmdOptions o, short[]... parts) {
    AnsweringMachineDetector d = AnsweringMachineDetector.create(o, RATE);
    for (short[] p : parts) {
      for (int off = 0; off < p.length; off += 160) {
        d.onAudio(java.util.Arrays.copyOfRange(p, off, Math.min(p.length, off + 160)));
      }
    }
    return d;
  }

  private static short[] tone(double hz, int millis) {
    short[] out = new short[RATE * millis / 1000];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / RATE));
    }
    return out;
  }

  @Test
  void aShortAnswerThenSilenceIsAPersonSoonAfterTheWord() {
    AnsweringMachineDetector d =
        fed(
            shipped(),
            Pcm.silence(RATE, 400),
            SpeechPrompts.say("hello?", RATE),
            Pcm.silence(RATE, 1500));
    AmdResult r = d.result();
    assertThat(r.verdict()).isEqualTo(AmdVerdict.HUMAN);
    assertThat(r.reason()).isEqualTo("short_greeting");
    assertThat(r.decisionMillis()).isLessThan(1500);
    assertThat(d.readyForMessage()).isFalse();
  }

  @Test
  void aLongGreetingIsAMachineAndItsMessageWaitsForTheBeepToEnd() {
    short[] greeting =
        SpeechPrompts.say(
            "hi, you have reached the voicemail of john, i cannot take your call right now", RATE);
    AnsweringMachineDetector d = fed(shipped(), Pcm.silence(RATE, 300), greeting);
    assertThat(d.result().verdict()).isEqualTo(AmdVerdict.MACHINE);
    assertThat(d.readyForMessage()).as("the greeting is not over").isFalse();
    d.onAudio(Pcm.silence(RATE, 200));
    d.onAudio(tone(1000, 300));
    assertThat(d.readyForMessage()).as("during the beep").isFalse();
    d.onAudio(Pcm.silence(RATE, 40));
    assertThat(d.readyForMessage()).as("right after the beep").isTrue();
  }

  @Test
  void aBeepAloneDecidesAtOnce() {
    AnsweringMachineDetector d = fed(shipped(), Pcm.silence(RATE, 500), tone(850, 400));
    assertThat(d.result().verdict()).isEqualTo(AmdVerdict.MACHINE);
    assertThat(d.result().reason()).isEqualTo("beep");
    assertThat(d.result().decidedAtMillis()).isLessThanOrEqualTo(500 + 200);
    assertThat(fed(AmdOptions.classicRules(), Pcm.silence(RATE, 500), tone(850, 400)).result())
        .as("app_amd has no beep detector")
        .isNull();
  }

  @Test
  void aSilentAnswerIsUnknownHereAndAMachineToApp_amd() {
    assertThat(fed(shipped(), Pcm.silence(RATE, 3000)).result())
        .extracting(AmdResult::verdict, AmdResult::reason)
        .containsExactly(AmdVerdict.UNKNOWN, "initial_silence");
    assertThat(fed(AmdOptions.classicRules(), Pcm.silence(RATE, 3000)).result().verdict())
        .isEqualTo(AmdVerdict.MACHINE);
  }

  @Test
  void aVoicemailPhraseInTheWordsIsAMachineBeforeTheTimingsTell() {
    AnsweringMachineDetector d =
        fed(shipped(), Pcm.silence(RATE, 300), SpeechPrompts.say("hi", RATE));
    assertThat(d.result()).isNull();
    d.onWords("hi please");
    assertThat(d.result()).isNull();
    d.onWords("leave a message");
    assertThat(d.result().verdict()).isEqualTo(AmdVerdict.MACHINE);
    assertThat(d.result().reason()).isEqualTo("words");
  }

  @Test
  void steadyNoiseIsSilenceForTheAdaptiveLevelAndAGreetingForAFixedOne() {
    java.util.Random random = new java.util.Random(7);
    short[] noise = new short[RATE * 3];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (short) (random.nextGaussian() * 600); // about -35 dBFS
    }
    assertThat(fed(shipped(), noise).result().verdict()).isEqualTo(AmdVerdict.UNKNOWN);
    assertThat(fed(AmdOptions.classicRules(), noise).result())
        .extracting(AmdResult::verdict, AmdResult::reason)
        .containsExactly(AmdVerdict.MACHINE, "long_greeting");
  }

  @Test
  void settingsAreReadAndAMessageActionNeedsAMessage() {
    AmdOptions o =
        AmdOptions.fromSettings(
            Settings.defaultsWith(
                Map.of(
                    "AMD_MACHINE_ACTION", "message",
                    "AMD_VOICEMAIL_MESSAGE", "Please call us back.",
                    "AMD_PHRASES", "Leave A Message, ,mailbox")));
    assertThat(o.getMachineAction()).isEqualTo(AmdOptions.MachineAction.MESSAGE);
    assertThat(o.getPhrases()).containsExactly("leave a message", "mailbox");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                AmdOptions.fromSettings(
                    Settings.defaultsWith(Map.of("AMD_MACHINE_ACTION", "message"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AMD_VOICEMAIL_MESSAGE");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AmdOptions.fromSettings(Settings.defaultsWith(Map.of("AMD_MAX_WORDS", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AMD_MAX_WORDS");
    assertThat(List.of(shipped().getMaxWords(), shipped().getGreetingMillis()))
        .containsExactly(5, 2100);
  }
}
