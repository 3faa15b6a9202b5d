package org.oavc.connector.media.codec.impl;

/**
 * The 24-tap quadrature mirror filter of G.722, one instance per direction. Analysis splits two 16
 * kHz samples into one lower- and one higher-band 8 kHz sample; synthesis does the reverse.
 *
 * <p>The 24-sample history is a ring written twice (at i and i + 24), so the window is always
 * contiguous without shifting 22 values per sample pair.
 */
final class G722Qmf {
  private static final int TAPS = 24;

  /** The filter over the window, oldest first: even positions use QMF[i], odd ones QMF[11 - i]. */
  private static final int[] WINDOW_COEFS = new int[TAPS];

  static {
    for (int i = 0; i < 12; i++) {
      WINDOW_COEFS[2 * i] = G722Tables.QMF[i];
      WINDOW_COEFS[2 * i + 1] = G722Tables.QMF[11 - i];
    }
  }

  private final int[] history = new int[2 * TAPS];

  /** Where the oldest sample of the window is; the next pair overwrites it. Always even. */
  private int oldest;

  /** Sums over the even / odd window positions after the last {@link #push}. */
  private int evenTaps;

  private int oddTaps;

  void reset() {
    java.util.Arrays.fill(history, 0);
    oldest = 0;
  }

  /** Shifts in two new values and filters the 24-sample window (the full filter is symmetric). */
  private void push(int first, int second) {
    int[] h = history;
    int at = oldest;
    h[at] = first;
    h[at + TAPS] = first;
    h[at + 1] = second;
    h[at + 1 + TAPS] = second;
    at = at + 2 == TAPS ? 0 : at + 2;
    oldest = at;
    // The window, oldest first, is now h[at .. at + 23].
    int[] c = WINDOW_COEFS;
    int even = 0;
    int odd = 0;
    for (int i = 0; i < TAPS; i += 2) {
      even += h[at + i] * c[i];
      odd += h[at + i + 1] * c[i + 1];
    }
    evenTaps = even;
    oddTaps = odd;
  }

  /** Analysis of two input samples; read the bands with {@link #low()} and {@link #high()}. */
  void analyse(int first, int second) {
    push(first, second);
  }

  int low() {
    return (oddTaps + evenTaps) >> 14;
  }

  int high() {
    return (oddTaps - evenTaps) >> 14;
  }

  /**
   * Synthesis of one band pair into two output samples at {@code out[pos]} and {@code out[pos+1]}.
   */
  void synthesise(int low, int high, short[] out, int pos) {
    push(low + high, low - high);
    out[pos] = (short) G722Band.saturate(oddTaps >> 11);
    out[pos + 1] = (short) G722Band.saturate(evenTaps >> 11);
  }
}
