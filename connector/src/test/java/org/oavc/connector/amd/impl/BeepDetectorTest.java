package org.oavc.connector.amd.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.oavc.connector.speech.SpeechPrompts;

class BeepDetectorTest {

  private static short[] tone(int rate, double hz, int millis, double amplitude) {
    short[] out = new short[rate * millis / 1000];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return out;
  }

  /** How many beeps the detector reports over {@code pcm} in 20 ms frames. */
  private static int beeps(short[] pcm, int rate) {
    BeepDetector d = new BeepDetector(rate);
    int frame = rate / 50;
    int found = 0;
    for (int off = 0; off + frame <= pcm.length; off += frame) {
      if (d.onFrame(pcm, off, frame, FrameLevel.dbfs(pcm, off, frame))) {
        found++;
      }
    }
    return found;
  }

  @Test
  void aSteadyToneInTheBeepBandIsOneBeepAtEitherRate() {
    for (int rate : new int[] {8000, 16000}) {
      for (double hz : new double[] {400, 440, 1000, 1333, 1990}) {
        assertThat(beeps(tone(rate, hz, 500, 8000), rate)).as("%s Hz at %d", hz, rate).isEqualTo(1);
      }
    }
  }

  @Test
  void tonesOutsideTheBandTooShortOrTooQuietAreNot() {
    assertThat(beeps(tone(8000, 300, 500, 8000), 8000)).isZero();
    assertThat(beeps(tone(16000, 2600, 500, 8000), 16000)).isZero();
    assertThat(beeps(tone(8000, 1000, 120, 8000), 8000)).as("120 ms").isZero();
    assertThat(beeps(tone(8000, 1000, 500, 100), 8000)).as("-50 dBFS").isZero();
  }

  @Test
  void aDtmfKeyAndSpeechAreNotBeeps() {
    short[] low = tone(8000, 770, 500, 5000);
    short[] high = tone(8000, 1336, 500, 5000);
    short[] key5 = new short[low.length];
    for (int i = 0; i < key5.length; i++) {
      key5[i] = (short) (low[i] + high[i]);
    }
    assertThat(beeps(key5, 8000)).as("two tones at once").isZero();
    short[] speech =
        SpeechPrompts.say("hello, this is a voice and not a beep, leave a message", 16000);
    assertThat(beeps(speech, 16000)).isZero();
  }
}
