package org.oavc.connector.ai.guard.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.oavc.connector.ai.guard.GuardOptions;

/**
 * The onset stage of the barge-in rule on scripted speech ('s') / no speech ('.') frames: 20 ms
 * frames, 200 ms to confirm, 80 ms hangover. The onset string has one character per frame: 'H' held
 * (onset true), 'F' fired (confirmed), '-' neither.
 */
class SpeechRunOnsetTest {

  private static String onsets(String script, int onsetMillis, boolean playing) {
    int[] next = {0};
    SpeechRunBargeInDetector d =
        new SpeechRunBargeInDetector(
            f -> script.charAt(next[0]++) == 's',
            new GuardOptions()
                .setFrameMillis(20)
                .setMinSpeechMillis(200)
                .setOnsetMillis(onsetMillis));
    StringBuilder out = new StringBuilder();
    short[] frame = new short[160];
    for (int i = 0; i < script.length(); i++) {
      boolean fired = d.onFrame(frame, playing);
      out.append(fired ? 'F' : d.onset() ? 'H' : '-');
    }
    return out.toString();
  }

  @Test
  void holdsFromTheOnsetUntilTheConfirmation() {
    assertThat(onsets("..ssssssssssss", 40, true)).isEqualTo("---HHHHHHHHF--");
    assertThat(onsets("..ssssssssssss", 60, true)).isEqualTo("----HHHHHHHF--");
  }

  @Test
  void aShortBurstHoldsThroughTheHangoverThenReleasesWithoutBargeIn() {
    // a 60 ms cough: held from its second frame, across the 80 ms hangover, released after it
    assertThat(onsets("sss..........", 40, true)).isEqualTo("-HHHHHH------");
  }

  @Test
  void aGapAfterTooLittleSpeechDoesNotStartTheHold() {
    // one speech frame, a gap within the hangover, one more: the hold starts on speech only
    assertThat(onsets("s..s..", 40, true)).isEqualTo("---HHH");
    assertThat(onsets("s.....s", 40, true)).isEqualTo("-------");
  }

  @Test
  void wordsWithGapsStayHeldAndConfirm() {
    assertThat(onsets("sssss...sssss", 40, true)).isEqualTo("-HHHHHHHHHHHF");
  }

  @Test
  void nothingIsHeldWhileTheAgentIsSilentOrWithTheStageOff() {
    assertThat(onsets("ssssssssssss", 40, false)).isEqualTo("------------");
    assertThat(onsets("ssssssssssss", 0, true)).isEqualTo("---------F--");
    // an onset as long as the confirmation has nothing to hold
    assertThat(onsets("ssssssssssss", 200, true)).isEqualTo("---------F--");
  }

  @Test
  void theConfirmationIsUnchangedByTheOnsetStage() {
    String script = "ssssssssssss......ssssssssss";
    String withOnset = onsets(script, 40, true);
    String without = onsets(script, 0, true);
    assertThat(withOnset.indexOf('F')).isEqualTo(without.indexOf('F'));
    assertThat(withOnset.lastIndexOf('F')).isEqualTo(without.lastIndexOf('F')).isEqualTo(27);
  }
}
