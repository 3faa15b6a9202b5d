package org.oavc.connector.media.codec.impl;

/**
 * Packet loss concealment for mono waveform codecs (G.711, G.722, L16), in the spirit of G.711
 * Appendix I: find the pitch period of the last good audio by autocorrelation and keep repeating
 * that period, fading out over the following frames so a long gap ends in silence rather than a
 * buzz. Allocation-free; one instance per decode direction.
 */
final class PitchRepetitionPlc {
  private final int sampleRate;
  private final short[] history;
  private final int minLag;
  private final int maxLag;
  private final int window;
  private int concealed;
  private int lag;
  private int phase;

  PitchRepetitionPlc(int sampleRate) {
    this.sampleRate = sampleRate;
    minLag = sampleRate / 400; // 2.5 ms: pitch up to 400 Hz
    maxLag = sampleRate * 15 / 1000; // 15 ms: pitch down to about 66 Hz
    window = sampleRate / 100; // correlate over 10 ms
    history = new short[maxLag + window];
  }

  /** Records good decoded audio; ends any concealment in progress. */
  void remember(short[] pcm, int off, int len) {
    int keep = history.length;
    if (len >= keep) {
      System.arraycopy(pcm, off + len - keep, history, 0, keep);
    } else {
      System.arraycopy(history, len, history, 0, keep - len);
      System.arraycopy(pcm, off, history, keep - len, len);
    }
    concealed = 0;
  }

  void reset() {
    java.util.Arrays.fill(history, (short) 0);
    concealed = 0;
  }

  /** Writes {@code samples} concealment samples. */
  void conceal(short[] out, int off, int samples) {
    if (concealed == 0) {
      lag = estimateLag();
      phase = 0;
    }
    int fadeStart = sampleRate / 100; // full level for the first 10 ms of a gap
    int fadeLength = sampleRate * 50 / 1000; // then silent 50 ms later
    int start = history.length - lag;
    for (int i = 0; i < samples; i++) {
      int n = concealed + i;
      double gain =
          n < fadeStart ? 1.0 : Math.max(0.0, 1.0 - (double) (n - fadeStart) / fadeLength);
      out[off + i] = (short) Math.round(history[start + phase] * gain);
      phase = phase + 1 == lag ? 0 : phase + 1;
    }
    concealed += samples;
  }

  /** The lag with the highest normalised autocorrelation over the last {@link #window} samples. */
  private int estimateLag() {
    int end = history.length;
    int bestLag = maxLag;
    double best = 0;
    for (int candidate = minLag; candidate <= maxLag; candidate++) {
      double cross = 0;
      double energy = 0;
      for (int i = end - window; i < end; i++) {
        int past = history[i - candidate];
        cross += (double) history[i] * past;
        energy += (double) past * past;
      }
      double score = energy > 0 ? cross / Math.sqrt(energy) : 0;
      if (score > best) {
        best = score;
        bestLag = candidate;
      }
    }
    return bestLag;
  }
}
