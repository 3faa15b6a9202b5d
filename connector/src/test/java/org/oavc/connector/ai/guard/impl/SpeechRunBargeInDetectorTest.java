package org.oavc.connector.ai.guard.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.oavc.connector.ai.guard.GuardOptions;

/**
 * The barge-in rule on a scripted speech/no-speech sequence (the detector's own accuracy is tested
 * on real speech elsewhere): 200 ms minimum, 20 ms frames, 80 ms hangover.
 */
class SpeechRunBargeInDetectorTest {
  private final short[] frame = new short[320];

  /** Runs a script ('s' speech, '.' not) with the agent playing; returns the frames that fired. */
  private static List<Integer> run(
      SpeechRunBargeInDetector d, String script, boolean playing, short[] frame) {
    List<Integer> fired = new ArrayList<>();
    for (int i = 0; i < script.length(); i++) {
      if (d.onFrame(frame, playing)) {
        fired.add(i);
      }
    }
    return fired;
  }

  private static SpeechRunBargeInDetector detector(String script) {
    int[] next = {0};
    return new SpeechRunBargeInDetector(
        f -> script.charAt(next[0]++) == 's',
        new GuardOptions().setFrameMillis(20).setMinSpeechMillis(200));
  }

  @Test
  void firesOnTheTenthSpeechFrameOnlyOnce() {
    String script = "...ssssssssssssssssssss";
    assertThat(run(detector(script), script, true, frame)).containsExactly(12);
  }

  @Test
  void shortPausesDoNotResetButLongOnesDo() {
    String pauses = "sssss...sssss";
    assertThat(run(detector(pauses), pauses, true, frame)).containsExactly(12);
    String reset = "sssss.....sssss";
    assertThat(run(detector(reset), reset, true, frame)).isEmpty();
  }

  @Test
  void firesAgainAfterTheCallerStopped() {
    String script = "ssssssssssss......ssssssssss";
    assertThat(run(detector(script), script, true, frame)).containsExactly(9, 27);
  }

  @Test
  void speechWhileTheAgentIsSilentIsNoBargeIn() {
    String script = "ssssssssssssssssssss";
    SpeechRunBargeInDetector d = detector(script);
    assertThat(run(d, script, false, frame)).isEmpty();
    assertThat(d.callerSpeaking()).isTrue();
  }

  @Test
  void callerSpeakingLastsThroughTheHangover() {
    String script = "sss.....";
    SpeechRunBargeInDetector d = detector(script);
    List<Boolean> speaking = new ArrayList<>();
    for (int i = 0; i < script.length(); i++) {
      d.onFrame(frame, true);
      speaking.add(d.callerSpeaking());
    }
    assertThat(speaking).containsExactly(true, true, true, true, true, true, true, false);
    assertThat(detector("").callerSpeaking()).isFalse();
  }
}
