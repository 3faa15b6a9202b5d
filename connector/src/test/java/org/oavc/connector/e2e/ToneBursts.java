package org.oavc.connector.e2e;

/**
 * A caller's test signal: bursts of one pure tone with quiet between (the echo flavor's round trip
 * meter needs onsets), and the check that audio carries that tone: per 20 ms frame, a Goertzel
 * filter measures the share of the frame's energy at the tone's frequency.
 */
final class ToneBursts {
  /** A frame must be at least this loud (RMS, about -40 dBFS) to count. */
  private static final double MIN_RMS = 300;

  /** ... and carry at least this share of its energy at the tone's frequency. */
  private static final double MIN_TONE_SHARE = 0.5;

  private ToneBursts() {}

  /** {@code totalMillis} of {@code hz} bursts, {@code onMillis} on and {@code offMillis} off. */
  static short[] of(int rate, double hz, int onMillis, int offMillis, int totalMillis) {
    short[] pcm = new short[(int) ((long) rate * totalMillis / 1000)];
    int period = rate * (onMillis + offMillis) / 1000;
    int on = rate * onMillis / 1000;
    for (int i = 0; i < pcm.length; i++) {
      if (i % period < on) {
        pcm[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / rate));
      }
    }
    return pcm;
  }

  /** How many 20 ms frames of {@code pcm} are loud and dominated by the {@code hz} tone. */
  static int toneFrames(short[] pcm, int rate, double hz) {
    int n = rate / 50;
    int count = 0;
    for (int off = 0; off + n <= pcm.length; off += n) {
      double energy = 0;
      for (int i = off; i < off + n; i++) {
        energy += (double) pcm[i] * pcm[i];
      }
      if (Math.sqrt(energy / n) >= MIN_RMS
          && toneShare(pcm, off, n, rate, hz, energy) >= MIN_TONE_SHARE) {
        count++;
      }
    }
    return count;
  }

  /**
   * Energy at {@code hz} over the frame's energy: 1 for a pure tone on a whole number of cycles.
   */
  private static double toneShare(short[] pcm, int off, int n, int rate, double hz, double energy) {
    double coeff = 2 * Math.cos(2 * Math.PI * hz / rate);
    double s1 = 0;
    double s2 = 0;
    for (int i = off; i < off + n; i++) {
      double s0 = pcm[i] + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    return 2 * power / (n * energy);
  }
}
