package org.oavc.connector.media.codec.impl;

/**
 * The 24-tap quadrature mirror filter of G.722, one instance per direction. Analysis splits two
 * 16 kHz samples into one lower- and one higher-band 8 kHz sample; synthesis does the reverse.
 */
final class G722Qmf {
  private final int[] history = new int[24];
  /** Sums over the even / odd history positions after the last {@link #push}. */
  private int evenTaps;

  private int oddTaps;

  void reset() {
    java.util.Arrays.fill(history, 0);
  }

  /** Shifts in two new values and filters the 24-sample window (the full filter is symmetric). */
  private void push(int first, int second) {
    System.arraycopy(history, 2, history, 0, 22);
    history[22] = first;
    history[23] = second;
    int even = 0;
    int odd = 0;
    for (int i = 0; i < 12; i++) {
      even += history[2 * i] * G722Tables.QMF[i];
      odd += history[2 * i + 1] * G722Tables.QMF[11 - i];
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

  /** Synthesis of one band pair into two output samples at {@code out[pos]} and {@code out[pos+1]}. */
  void synthesise(int low, int high, short[] out, int pos) {
    push(low + high, low - high);
    out[pos] = (short) G722Band.saturate(oddTaps >> 11);
    out[pos + 1] = (short) G722Band.saturate(evenTaps >> 11);
  }
}
