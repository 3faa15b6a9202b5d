package org.oavc.connector.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

  private static short[] resampleAll(Resampler r, short[] in) {
    short[] out = new short[r.maxOutputSamples(in.length)];
    int n = r.process(in, 0, in.length, out, 0);
    return java.util.Arrays.copyOf(out, n);
  }

  /** Output level of a tone in dB relative to its input level, skipping the filter start-up. */
  private static double gainDb(int from, int to, double frequency) {
    short[] in = CodecSignals.tones(from, from, 10000, frequency);
    short[] out = resampleAll(new Resampler(from, to), in);
    double inRms = CodecSignals.rms(in, from / 10, in.length);
    double outRms = CodecSignals.rms(out, to / 10, out.length - to / 20);
    return 20 * Math.log10(Math.max(outRms, 1e-3) / inRms);
  }

  @ParameterizedTest
  @CsvSource({
    "8000,16000",
    "8000,48000",
    "16000,8000",
    "16000,24000",
    "24000,16000",
    "48000,8000",
    "48000,16000",
    "24000,48000",
    "16000,16000"
  })
  void passesVoiceBandTonesWithinOneDb(int from, int to) {
    int lower = Math.min(from, to);
    for (double f : new double[] {300, 1000, 0.4 * lower}) {
      assertThat(gainDb(from, to, f)).as("%s Hz %d->%d", f, from, to).isBetween(-1.0, 1.0);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "16000,8000",
    "48000,8000",
    "24000,16000",
    "48000,16000",
    "48000,24000",
    "24000,8000"
  })
  void rejectsTonesAboveTheTargetNyquistByAtLeast60Db(int from, int to) {
    // From 0.6 x the new rate on (the stopband edge; 0.5-0.6 is the transition band).
    for (double f : new double[] {0.6 * to, 0.7 * to, 0.9 * to, 0.45 * from}) {
      if (f < from / 2.0) {
        assertThat(gainDb(from, to, f)).as("%s Hz %d->%d", f, from, to).isLessThan(-60);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"8000,16000", "16000,8000", "8000,48000", "16000,24000", "24000,16000"})
  void passbandRippleIsSmall(int from, int to) {
    int lower = Math.min(from, to);
    for (double f = 100; f <= 0.38 * lower; f += 137) {
      assertThat(gainDb(from, to, f)).as("%s Hz %d->%d", f, from, to).isBetween(-0.1, 0.1);
    }
  }

  @ParameterizedTest
  @CsvSource({"8000,16000", "8000,48000", "16000,48000"})
  void upsamplingLeavesNoImageAboveTheInputNyquist(int from, int to) {
    // A 0.375 x from tone has its first image at 0.625 x from, in the stopband: 60 dB down.
    double tone = 0.375 * from;
    short[] out = resampleAll(new Resampler(from, to), CodecSignals.tones(from, from, 10000, tone));
    double wanted = toneLevel(out, to, tone);
    double image = toneLevel(out, to, from - tone);
    assertThat(20 * Math.log10(image / wanted)).isLessThan(-60);
  }

  @ParameterizedTest
  @CsvSource({"8000,16000", "16000,8000"})
  void filtersStayShortForTheTelephonyPairs(int from, int to) {
    // Half-band: every second tap is zero and skipped (the 60 dB design has about 41 taps).
    assertThat(new Resampler(from, to).tapsPerOutput()).isLessThanOrEqualTo(24);
  }

  @ParameterizedTest
  @CsvSource({"8000,16000", "16000,8000", "16000,24000"})
  void delayMatchesWhereAnImpulseComesOut(int from, int to) {
    Resampler r = new Resampler(from, to);
    short[] in = new short[from / 10];
    in[100] = 16000;
    short[] out = resampleAll(r, in);
    int peak = 0;
    for (int i = 1; i < out.length; i++) {
      if (out[i] > out[peak]) {
        peak = i;
      }
    }
    assertThat((double) peak)
        .isCloseTo(
            100.0 * to / from + r.delayOutputSamples(), org.assertj.core.data.Offset.offset(1.0));
  }

  /** Amplitude of one frequency in a signal (single DFT bin, Hann window, start-up skipped). */
  private static double toneLevel(short[] s, int rate, double frequency) {
    int from = rate / 10;
    int n = s.length - from - rate / 20;
    double re = 0;
    double im = 0;
    for (int i = 0; i < n; i++) {
      double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
      double x = s[from + i] * w;
      re += x * Math.cos(2 * Math.PI * frequency * i / rate);
      im -= x * Math.sin(2 * Math.PI * frequency * i / rate);
    }
    return Math.hypot(re, im) + 1e-9;
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
  @CsvSource({
    "8000,16000,160,320",
    "16000,8000,320,160",
    "8000,48000,160,960",
    "48000,24000,960,480"
  })
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
    // A smooth tone fed in 20 ms frames must come out smooth: no sample jump above the tone's own
    // slope.
    short[] in = CodecSignals.tones(from, from, 12000, 500);
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
