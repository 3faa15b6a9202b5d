package org.oavc.aiservices.audio;

/**
 * Streaming sample-rate converter for mono PCM16 little-endian audio, fed in chunks of any size
 * (odd byte counts included). Linear interpolation; when downsampling, a boxcar filter over one
 * output period runs first so that energy above the new Nyquist does not fold back as noise. Good
 * enough for speech recognition and telephony playback, not for music.
 */
public final class PcmResampler {
  private final int inRate;
  private final int outRate;
  private final double step;
  private final int smoothing;
  private final int[] window;
  private int windowPos;
  private int windowSum;
  private int windowFill;

  /** Position of the next output sample, in input samples relative to the current chunk. */
  private double position;

  private short previous;
  private boolean havePrevious;
  private int carryByte = -1;

  public PcmResampler(int inRate, int outRate) {
    if (inRate <= 0 || outRate <= 0) {
      throw new IllegalArgumentException(
          "sample rates must be positive: " + inRate + " -> " + outRate);
    }
    this.inRate = inRate;
    this.outRate = outRate;
    this.step = (double) inRate / outRate;
    this.smoothing = inRate > outRate ? (int) Math.ceil(step) : 1;
    this.window = new int[smoothing];
  }

  public int inRate() {
    return inRate;
  }

  public int outRate() {
    return outRate;
  }

  /** Converts the next chunk; returns the PCM16 LE bytes available so far (may be empty). */
  public byte[] process(byte[] chunk) {
    return process(chunk, 0, chunk.length);
  }

  public byte[] process(byte[] chunk, int offset, int length) {
    short[] samples = toSamples(chunk, offset, length);
    if (inRate == outRate) {
      return toBytes(samples, samples.length);
    }
    if (smoothing > 1) {
      smooth(samples);
    }
    return toBytes(samples.length == 0 ? samples : interpolate(samples));
  }

  private short[] interpolate(short[] in) {
    int n = in.length;
    if (!havePrevious) {
      // The very first sample anchors the stream: output starts exactly on it.
      position = 0;
    }
    int capacity = (int) Math.ceil((n + 1) / step) + 2;
    short[] out = new short[capacity];
    int count = 0;
    while (position <= n - 1 && count < capacity) {
      int i = (int) Math.floor(position);
      double frac = position - i;
      int s0 = i < 0 ? previous : in[i];
      int s1 = i + 1 < n ? in[i + 1] : s0;
      out[count++] = (short) Math.round(s0 + (s1 - s0) * frac);
      position += step;
    }
    position -= n;
    previous = in[n - 1];
    havePrevious = true;
    return count == out.length ? out : java.util.Arrays.copyOf(out, count);
  }

  private void smooth(short[] samples) {
    for (int i = 0; i < samples.length; i++) {
      windowSum += samples[i] - window[windowPos];
      window[windowPos] = samples[i];
      windowPos = (windowPos + 1) % smoothing;
      windowFill = Math.min(windowFill + 1, smoothing);
      samples[i] = (short) (windowSum / windowFill);
    }
  }

  private short[] toSamples(byte[] chunk, int offset, int length) {
    int total = length + (carryByte >= 0 ? 1 : 0);
    short[] samples = new short[total / 2];
    int src = offset;
    int end = offset + length;
    int k = 0;
    if (carryByte >= 0 && src < end) {
      samples[k++] = (short) ((chunk[src++] << 8) | carryByte);
      carryByte = -1;
    }
    while (src + 1 < end) {
      samples[k++] = (short) ((chunk[src + 1] << 8) | (chunk[src] & 0xff));
      src += 2;
    }
    if (src < end) {
      carryByte = chunk[src] & 0xff;
    }
    return samples;
  }

  private static byte[] toBytes(short[] samples) {
    return toBytes(samples, samples.length);
  }

  private static byte[] toBytes(short[] samples, int count) {
    byte[] out = new byte[count * 2];
    for (int i = 0; i < count; i++) {
      out[2 * i] = (byte) samples[i];
      out[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    return out;
  }
}
