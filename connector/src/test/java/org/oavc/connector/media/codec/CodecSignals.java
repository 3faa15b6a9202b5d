package org.oavc.connector.media.codec;

/** Test signal helpers: tones and quality measures. */
final class CodecSignals {
  private CodecSignals() {}

  /** Sum of sines, {@code amplitude} each, at {@code rate}. */
  static short[] tones(int rate, int samples, double amplitude, double... frequencies) {
    short[] out = new short[samples];
    for (int n = 0; n < samples; n++) {
      double v = 0;
      for (double f : frequencies) {
        v += amplitude * Math.sin(2 * Math.PI * f * n / rate);
      }
      out[n] = (short) Math.round(v);
    }
    return out;
  }

  /**
   * A deterministic speech-like test signal: a voiced source (harmonics of a pitch gliding between
   * 90 and 260 Hz, falling 6 dB per octave) under a 4 Hz syllable envelope, unvoiced noise bursts,
   * short pauses, and a few near-full-scale peaks that drive filters into clamping. StrictMath and
   * a seeded Random keep it bit-identical on every JVM, so hashes over it are stable.
   */
  static short[] speechLike(int rate, int samples, long seed) {
    java.util.Random random = new java.util.Random(seed);
    short[] out = new short[samples];
    double phase = 0;
    for (int n = 0; n < samples; n++) {
      double t = (double) n / rate;
      double pitch = 175 + 85 * StrictMath.sin(2 * StrictMath.PI * 0.7 * t);
      phase += 2 * StrictMath.PI * pitch / rate;
      double voiced = 0;
      for (int h = 1; h * pitch < rate / 2.0 && h <= 40; h++) {
        voiced += StrictMath.sin(h * phase) / h;
      }
      double syllable = StrictMath.max(0, StrictMath.sin(2 * StrictMath.PI * 4 * t));
      boolean unvoiced = ((int) (t * 5)) % 3 == 2;
      boolean pause = ((int) (t * 2)) % 5 == 4;
      double v = unvoiced ? 6000 * random.nextGaussian() * syllable : 9000 * voiced * syllable;
      if (pause) {
        v = 20 * random.nextGaussian();
      }
      if (n % (rate / 3) < 8) {
        v = (n & 1) == 0 ? 40000 : -40000; // clipped peaks
      }
      out[n] = (short) StrictMath.max(-32768, StrictMath.min(32767, StrictMath.round(v)));
    }
    return out;
  }

  /** SHA-256 of the samples (little-endian), hex. */
  static String sha256(short[] samples) {
    byte[] bytes = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      bytes[2 * i] = (byte) samples[i];
      bytes[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    return sha256(bytes);
  }

  static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static double rms(short[] s, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) s[i] * s[i];
    }
    return Math.sqrt(sum / Math.max(1, to - from));
  }

  /**
   * Best SNR in dB of {@code actual} against {@code reference} delayed by 0..maxDelay samples,
   * measured over the middle of the signal (edges hold filter start-up).
   */
  static double bestSnrDb(short[] reference, short[] actual, int maxDelay) {
    double best = Double.NEGATIVE_INFINITY;
    int from = maxDelay + 200;
    int to = Math.min(reference.length, actual.length - maxDelay) - 200;
    for (int delay = 0; delay <= maxDelay; delay++) {
      double signal = 0;
      double noise = 0;
      for (int i = from; i < to; i++) {
        double r = reference[i];
        double e = actual[i + delay] - r;
        signal += r * r;
        noise += e * e;
      }
      best = Math.max(best, 10 * Math.log10(signal / Math.max(noise, 1e-9)));
    }
    return best;
  }
}
