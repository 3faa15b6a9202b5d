package org.oavc.connector.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optimised {@link Resampler#process} against a direct evaluation of the same Q14 filter, one
 * output sample at a time: the integer sums may be reordered freely (they are exact), so the
 * outputs must be identical, not merely close. Frames of irregular length check that the filter
 * state carries across calls.
 */
class ResamplerReferenceTest {
  private static final int[] RATES = {8000, 16000, 24000, 48000};

  static java.util.stream.Stream<int[]> ratePairs() {
    java.util.List<int[]> pairs = new java.util.ArrayList<>();
    for (int from : RATES) {
      for (int to : RATES) {
        pairs.add(new int[] {from, to});
      }
    }
    return pairs.stream();
  }

  /** Straightforward evaluation: output m = dot(phase row, window ending at input m*M/L). */
  private static short[] reference(Resampler r, short[] in) {
    int[][] dense = r.denseCoefficients();
    int up = r.up();
    int down = r.down();
    int taps = dense[0].length;
    int outputs = (int) (((long) in.length * up + down - 1) / down);
    short[] out = new short[outputs];
    for (int m = 0; m < outputs; m++) {
      long v = (long) m * down;
      int newest = (int) (v / up);
      int phase = (int) (v % up);
      int acc = 0;
      for (int pos = 0; pos < taps; pos++) {
        int index = newest - taps + 1 + pos;
        acc += dense[phase][pos] * (index < 0 ? 0 : in[index]);
      }
      int rounded = (acc + (1 << 13)) >> 14;
      out[m] = (short) Math.max(-32768, Math.min(32767, rounded));
    }
    return out;
  }

  private static short[] inFrames(Resampler r, short[] in, Random frameLengths) {
    short[] out = new short[r.maxOutputSamples(in.length) + 64];
    int written = 0;
    int off = 0;
    while (off < in.length) {
      int len =
          Math.min(
              in.length - off, frameLengths == null ? in.length : 1 + frameLengths.nextInt(700));
      written += r.process(in, off, len, out, written);
      off += len;
    }
    return java.util.Arrays.copyOf(out, written);
  }

  @ParameterizedTest
  @MethodSource("ratePairs")
  void matchesTheDirectComputationExactlyOverSpeechLikeAudio(int[] pair) {
    int from = pair[0];
    int to = pair[1];
    short[] in = CodecSignals.speechLike(from, from * 2, from + to);
    short[] expected = reference(new Resampler(from, to), in);
    assertThat(inFrames(new Resampler(from, to), in, new Random(from ^ to))).isEqualTo(expected);
    assertThat(inFrames(new Resampler(from, to), in, null)).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("ratePairs")
  void matchesTheDirectComputationInTwentyMillisecondFramesAfterAReset(int[] pair) {
    int from = pair[0];
    int to = pair[1];
    short[] in = CodecSignals.speechLike(from, from, 7);
    Resampler r = new Resampler(from, to);
    inFrames(r, CodecSignals.speechLike(from, from / 3, 8), new Random(1)); // leaves state behind
    r.reset();
    int frame = from / 50;
    short[] out = new short[r.maxOutputSamples(in.length)];
    int written = 0;
    for (int off = 0; off < in.length; off += frame) {
      int n = r.process(in, off, frame, out, written);
      assertThat(n).as("one 20 ms frame in, one 20 ms frame out").isEqualTo(to / 50);
      written += n;
    }
    assertThat(java.util.Arrays.copyOf(out, written))
        .isEqualTo(reference(new Resampler(from, to), in));
  }

  /**
   * Hash over every rate pair's 20 ms-framed output, taken from the implementation before it was
   * optimised.
   */
  @Test
  void outputOverAllRatePairsIsUnchanged() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ratePairs()
        .forEach(
            pair -> {
              short[] in = CodecSignals.speechLike(pair[0], pair[0], 44);
              short[] out = inFrames(new Resampler(pair[0], pair[1]), in, new Random(3));
              for (short s : out) {
                all.write(s);
                all.write(s >> 8);
              }
            });
    assertThat(CodecSignals.sha256(all.toByteArray()))
        .isEqualTo("57a50627f730ed5a9dbf8cb15dcb5a115eded91c7df07aa4e347172c7932ded6");
  }
}
