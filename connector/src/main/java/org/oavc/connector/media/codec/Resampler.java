package org.oavc.connector.media.codec;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streaming mono rational resampler (e.g. 8/16/24/48 kHz) with a Kaiser-windowed sinc low-pass in
 * polyphase form. The filter state carries across calls, so feeding a signal frame by frame gives
 * exactly the samples one call over the whole signal gives, without clicks at frame edges.
 *
 * <p>The low-pass is a half-band style design centred on the lower rate's Nyquist frequency: flat
 * (ripple under 0.01 dB) up to 40% of the lower rate, at least 60 dB down from 60% of it on.
 * Centring the cut-off on Nyquist makes every second tap zero for 2:1 pairs (8 <-> 16 kHz), and
 * zero taps are skipped, so the telephony pairs cost about 21 multiply-adds per output sample. The
 * price: content between 50% and 60% of the lower rate (4-4.8 kHz at 8 kHz) aliases into 40-50%
 * (3.2-4 kHz) attenuated by 6-60 dB; telephone audio has little there.
 *
 * <p>The filter tables are designed once per rate pair and shared by every instance (a static
 * cache); the arithmetic is integer (Q14 coefficients). One instance per stream and direction; not
 * thread-safe; {@link #process} allocates only when a call brings more samples than any before (its
 * work arrays start sized for 20 ms at 48 kHz).
 */
public final class Resampler {
  private static final double STOPBAND_DB = 65; // designed with margin over the 60 dB promised
  private static final double PASS_EDGE = 0.40; // of the lower rate
  private static final double STOP_EDGE = 0.60; // of the lower rate
  private static final int COEF_BITS = 14;
  private static final Map<Long, Design> DESIGNS = new ConcurrentHashMap<>();

  /**
   * One rate pair's polyphase filter over a window of {@code taps} input samples, oldest first:
   * output phase p is the sum of {@code coefs[p][j] * window[positions[p][j]]} (non-zero taps
   * only). {@code delay} is the filter's group delay in output samples.
   */
  private record Design(
      int up, int down, int taps, int[][] positions, int[][] coefs, double delay) {}

  private final int inputRate;
  private final int outputRate;
  private final int up;
  private final int down;
  private final int taps;
  private final int[][] positions;
  private final int[][] coefs;
  private final double delay;

  /** The last {@code taps - 1} inputs, then room for the next call's input. */
  private int[] history;

  /** The window split into {@code down} interleaved lanes (unused when down is 1). */
  private final int[][] lanes;

  /** Per-phase accumulators of one call, and one tap's inputs aligned with them. */
  private int[] sums;

  private int[] shifted;
  private int phase;

  public Resampler(int inputRate, int outputRate) {
    if (inputRate <= 0 || outputRate <= 0) {
      throw new IllegalArgumentException("rates must be positive");
    }
    Design d =
        DESIGNS.computeIfAbsent(
            ((long) inputRate << 32) | outputRate, k -> design(inputRate, outputRate));
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.up = d.up();
    this.down = d.down();
    this.taps = d.taps();
    this.positions = d.positions();
    this.coefs = d.coefs();
    this.delay = d.delay();
    // Sized for a 20 ms frame at 48 kHz; larger calls grow them once.
    this.history = new int[taps - 1 + 960];
    this.lanes = new int[down][(taps - 1 + 960 + down - 1) / down];
    this.sums = new int[960 / down + 2];
    this.shifted = new int[sums.length];
  }

  private static Design design(int inputRate, int outputRate) {
    int g = gcd(inputRate, outputRate);
    int up = outputRate / g;
    int down = inputRate / g;
    if (up > 64 || down > 64) {
      throw new IllegalArgumentException(
          "rate ratio " + inputRate + ":" + outputRate + " too complex for a polyphase filter");
    }
    if (up == 1 && down == 1) {
      return new Design(1, 1, 1, new int[][] {{0}}, new int[][] {{1 << COEF_BITS}}, 0);
    }
    double filterRate = (double) inputRate * up;
    double lowerRate = Math.min(inputRate, outputRate);
    double transition = (STOP_EDGE - PASS_EDGE) * lowerRate / filterRate;
    // Kaiser's length estimate, made odd so the centre falls on a tap (exact zeros for 2:1).
    int length = (int) Math.ceil((STOPBAND_DB - 7.95) / (14.36 * transition)) + 1;
    length |= 1;
    int perPhase = (length + up - 1) / up;
    double cutoff = (PASS_EDGE + STOP_EDGE) / 2 * lowerRate / filterRate;
    double beta = 0.1102 * (STOPBAND_DB - 8.7);
    double center = (length - 1) / 2.0;
    double[] h = new double[perPhase * up]; // zero-padded to whole phases
    for (int n = 0; n < length; n++) {
      double x = n - center;
      double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
      double r = x / center;
      h[n] = sinc * besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / besselI0(beta);
    }
    int[][] positions = new int[up][];
    int[][] coefs = new int[up][];
    for (int p = 0; p < up; p++) {
      // Normalise each phase to unity DC gain so interpolation adds no ripple at DC.
      double sum = 0;
      for (int k = 0; k < perPhase; k++) {
        sum += h[p + k * up];
      }
      int[] pos = new int[perPhase];
      int[] c = new int[perPhase];
      int used = 0;
      for (int k = perPhase - 1; k >= 0; k--) {
        // Tap k weighs the input k samples before the newest, at window position perPhase-1-k.
        int q = (int) Math.round(h[p + k * up] / sum * (1 << COEF_BITS));
        if (q != 0) {
          pos[used] = perPhase - 1 - k;
          c[used++] = q;
        }
      }
      positions[p] = Arrays.copyOf(pos, used);
      coefs[p] = Arrays.copyOf(c, used);
    }
    return new Design(up, down, perPhase, positions, coefs, center / down);
  }

  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    for (int k = 1; k < 50; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
      if (term < 1e-12 * sum) {
        break;
      }
    }
    return sum;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  public int inputRate() {
    return inputRate;
  }

  public int outputRate() {
    return outputRate;
  }

  /** Largest number of non-zero taps (multiply-adds) one output sample costs. */
  public int tapsPerOutput() {
    int most = 0;
    for (int[] c : coefs) {
      most = Math.max(most, c.length);
    }
    return most;
  }

  /**
   * The filter as plain tables, for tests that check {@link #process} against a direct computation:
   * row p is phase p's coefficients over the whole window (zeros included), oldest input first.
   * Output m is phase {@code (m * down) % up} applied to the window ending at input {@code floor(m
   * * down / up)}.
   */
  int[][] denseCoefficients() {
    int[][] dense = new int[up][taps];
    for (int p = 0; p < up; p++) {
      for (int j = 0; j < coefs[p].length; j++) {
        dense[p][positions[p][j]] = coefs[p][j];
      }
    }
    return dense;
  }

  /** Interpolation factor L of the rate ratio L/M in lowest terms. */
  int up() {
    return up;
  }

  /** Decimation factor M of the rate ratio L/M in lowest terms. */
  int down() {
    return down;
  }

  /** Most samples {@link #process} can produce from {@code inputSamples} samples. */
  public int maxOutputSamples(int inputSamples) {
    return (int) (((long) inputSamples * up + down - 1) / down) + 1;
  }

  /** Filter delay in output samples (group delay of the linear-phase low-pass). */
  public double delayOutputSamples() {
    return delay;
  }

  /**
   * Resamples {@code len} samples; {@code out} needs {@link #maxOutputSamples(int)} free samples.
   *
   * <p>Evaluated a frame at a time, per output phase: the outputs of one phase read windows that
   * step by {@code down} inputs, so over the input split into {@code down} interleaved lanes each
   * tap becomes a unit-stride multiply-add over all of the phase's outputs ({@code acc[t] += h *
   * lane[start + t]}), which the JIT vectorises (a per-sample dot product is a reduction it does
   * not). The sums are integer and merely reordered, so the output is exactly that of one dot
   * product per output sample.
   *
   * @return samples written
   */
  public int process(short[] in, int off, int len, short[] out, int outOff) {
    if (up == 1 && down == 1) {
      System.arraycopy(in, off, out, outOff, len);
      return len;
    }
    long span = (long) len * up - phase; // phase: how far the next output lies past the next input
    int count = span <= 0 ? 0 : (int) ((span + down - 1) / down);
    int keep = taps - 1;
    ensureCapacity(len, count);
    int[] window = history; // [keep samples of history | len new samples]
    for (int i = 0; i < len; i++) {
      window[keep + i] = in[off + i];
    }
    int[][] source = splitIntoLanes(keep + len);
    for (int r = 0; r < up && r < count; r++) {
      // Outputs r, r + up, r + 2up, ... share one phase; their windows start down inputs apart.
      int v = phase + r * down;
      int p = v % up;
      int first = v / up;
      int n = (count - r + up - 1) / up;
      int[] acc = sums;
      java.util.Arrays.fill(acc, 0, n, 0);
      int[] c = coefs[p];
      int[] pos = positions[p];
      int[] aligned = shifted;
      for (int k = 0; k < c.length; k++) {
        int at = first + pos[k];
        // Copied to index 0 first: with the load at the store's own index, C2 (JDK 17) vectorises
        // the multiply-add; at an unknown offset into another int[] it must assume they overlap.
        System.arraycopy(source[at % down], at / down, aligned, 0, n);
        int h = c[k];
        for (int t = 0; t < n; t++) {
          acc[t] += h * aligned[t];
        }
      }
      for (int t = 0, o = outOff + r; t < n; t++, o += up) {
        out[o] = clamp((acc[t] + (1 << (COEF_BITS - 1))) >> COEF_BITS);
      }
    }
    phase = (int) (phase + (long) count * down - (long) len * up);
    System.arraycopy(window, len, window, 0, keep);
    return count;
  }

  /**
   * The window as {@code down} lanes, lane q holding inputs q, q + down, ... (itself if down is 1).
   */
  private int[][] splitIntoLanes(int length) {
    if (down == 1) {
      lanes[0] = history;
      return lanes;
    }
    int[] window = history;
    for (int q = 0; q < down; q++) {
      int[] lane = lanes[q];
      for (int i = q, j = 0; i < length; i += down, j++) {
        lane[j] = window[i];
      }
    }
    return lanes;
  }

  /** Grows the work arrays when a call brings more samples than any before (not per frame). */
  private void ensureCapacity(int len, int count) {
    int needed = taps - 1 + len;
    if (history.length < needed) {
      history = java.util.Arrays.copyOf(history, needed);
    }
    int perPhase = count / up + 1;
    if (sums.length < perPhase) {
      sums = new int[perPhase];
      shifted = new int[perPhase];
    }
    int perLane = (needed + down - 1) / down;
    if (down > 1 && lanes[0].length < perLane) {
      for (int q = 0; q < down; q++) {
        lanes[q] = new int[perLane];
      }
    }
  }

  private static short clamp(int v) {
    return (short) (v > 32767 ? 32767 : Math.max(v, -32768));
  }

  /** Clears the filter state, e.g. when the stream restarts. */
  public void reset() {
    Arrays.fill(history, 0);
    phase = 0;
  }
}
