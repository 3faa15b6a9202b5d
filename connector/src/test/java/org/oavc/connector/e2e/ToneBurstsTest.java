package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.oavc.connector.speech.Pcm;

/** The tone check the baresip tests rely on, including the premise of the wideband case. */
class ToneBurstsTest {

  @Test
  void countsTheFramesOfEachBurstAndNothingElse() {
    short[] pcm = ToneBursts.of(8000, 1000, 200, 800, 2000);
    assertThat(ToneBursts.toneFrames(pcm, 8000, 1000)).isEqualTo(20); // 2 bursts of 10 frames
    assertThat(ToneBursts.toneFrames(pcm, 8000, 1500)).isZero();
    assertThat(ToneBursts.toneFrames(new short[8000], 8000, 1000)).isZero();
  }

  @Test
  void quietOrNoisyFramesDoNotCount() {
    short[] faint = Pcm.gain(ToneBursts.of(8000, 1000, 1000, 0, 1000), -40);
    assertThat(ToneBursts.toneFrames(faint, 8000, 1000)).isZero();
    short[] noise = new short[8000];
    Random r = new Random(7);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (short) (r.nextGaussian() * 4000);
    }
    assertThat(ToneBursts.toneFrames(noise, 8000, 1000)).isZero();
  }

  @Test
  void aFiveKilohertzToneDoesNotSurviveADetourThrough8Khz() {
    short[] wide = ToneBursts.of(16000, 5000, 200, 800, 2000);
    assertThat(ToneBursts.toneFrames(wide, 16000, 5000)).isEqualTo(20);
    short[] narrowed = Pcm.resample(Pcm.resample(wide, 16000, 8000), 8000, 16000);
    assertThat(ToneBursts.toneFrames(narrowed, 16000, 5000)).isZero();
  }
}
