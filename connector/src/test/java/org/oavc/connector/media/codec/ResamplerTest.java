package org.oavc.connector.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {
  private static final int[] RATES = {8000, 16000, 24000, 48000};

  private static short[] resampleAll(Resampler r, short[] in) {
    short[] out = new short[r.maxOutputSamples(in.length)];
    int n = r.process(in, 0, in.length, out, 0);
    return java.util.Arrays.copyOf(out, n);
  }

  /** Output level of a tone in dB relative to its input level, skipping the filter start-up. */
  private static double gainDb(int from, int to, double frequency) {
    short[] in = Signals.tones(from, from, 10000, frequency);
    short[] out = resampleAll(new Resampler(from, to), in);
    double inRms = Signals.rms(in, from / 10, in.length);
    double outRms = Signals.rms(out, to / 10, out.length - to / 20);
    return 20 * Math.log10(Math.max(outRms, 1e-3) / inRms);
  }

  @ParameterizedTest
  @CsvSource({"8000,16000", "8000,48000", "16000,8000", "16000,24000", "24000,16000", "48000,8000", "48000,16000", "24000,48000", "16000,16000"})
  void passesVoiceBandTonesWithinOneDb(int from, int to) {
    int lower = Math.min(from, to);
    for (double f : new double[] {300, 1000, 0.4 * lower}) {
      assertThat(gainDb(from, to, f)).as("%s Hz %d->%d", f, from, to).isBetween(-1.0, 1.0);
    }
  }

  @ParameterizedTest
  @CsvSource({"16000,8000", "48000,8000", "24000,16000", "48000,16000", "48000,24000", "24000,8000"})
  void stopsTonesAboveTheTargetNyquist(int from, int to) {
    for (double f : new double[] {0.52 * to, 0.6 * to, 0.9 * to, 0.45 * from}) {
      if (f < from / 2.0) {
        assertThat(gainDb(from, to, f)).as("%s Hz %d->%d", f, from, to).isLessThan(-40);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"8000,48000", "48000,8000", "16000,24000", "24000,16000", "8000,16000"})
  void frameByFrameEqualsOneShot(int from, int to) {
    Random random = new Random(42);
    short[] in = new short[from];
    for (int i = 0; i < in.length; i++) {
      in[i] = (short) (random.nextGaussian() * 4000);
    }
    short[] oneShot = resampleAll(new Resampler(from, to), in);
    Resampler streaming = new Resampler(from, to);
    short[] pieces = new short[oneShot.length + 16];
    int written = 0;
    int off = 0;
    while (off < in.length) {
      int len = Math.min(in.length - off, 1 + random.nextInt(from / 25));
      written += streaming.process(in, off, len, pieces, written);
      off += len;
    }
    assertThat(java.util.Arrays.copyOf(pieces, written)).isEqualTo(oneShot);
    assertThat(written).isBetween(to - 1, to + 1);
  }

  @ParameterizedTest
  @CsvSource({"8000,16000,160,320", "16000,8000,320,160", "8000,48000,160,960", "48000,24000,960,480"})
  void twentyMillisecondFramesMapToTwentyMillisecondFrames(int from, int to, int in, int out) {
    Resampler r = new Resampler(from, to);
    short[] buf = new short[r.maxOutputSamples(in)];
    for (int i = 0; i < 10; i++) {
      assertThat(r.process(new short[in], 0, in, buf, 0)).isEqualTo(out);
    }
  }

  @ParameterizedTest
  @CsvSource({"8000,48000", "48000,8000", "16000,24000"})
  void noClickAtFrameEdges(int from, int to) {
    // A smooth tone fed in 20 ms frames must come out smooth: no sample jump above the tone's own slope.
    short[] in = Signals.tones(from, from, 12000, 500);
    Resampler r = new Resampler(from, to);
    short[] out = new short[r.maxOutputSamples(in.length)];
    int written = 0;
    for (int off = 0; off < in.length; off += from / 50) {
      written += r.process(in, off, from / 50, out, written);
    }
    double maxSlope = 12000 * 2 * Math.PI * 500 / to * 1.1 + 2;
    for (int i = to / 10; i < written; i++) {
      assertThat((double) Math.abs(out[i] - out[i - 1])).as("at %d", i).isLessThan(maxSlope);
    }
  }
}
