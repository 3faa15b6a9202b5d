package org.oavc.connector.media.codec.impl;

import org.oavc.connector.media.codec.AudioCodec;

/**
 * Base of the waveform codecs (G.711, G.722, L16): fixed rates, no concealment model of their own,
 * so a lost frame becomes silence (the decoder state, if any, simply continues).
 */
abstract class SimpleCodec implements AudioCodec {
  private final String name;
  private final int clockRate;
  private final int sampleRate;
  private final int channels;

  SimpleCodec(String name, int clockRate, int sampleRate, int channels) {
    this.name = name;
    this.clockRate = clockRate;
    this.sampleRate = sampleRate;
    this.channels = channels;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int payloadClockRate() {
    return clockRate;
  }

  @Override
  public final int sampleRate() {
    return sampleRate;
  }

  @Override
  public final int channels() {
    return channels;
  }

  @Override
  public int conceal(short[] out, int outOff, int samples) {
    java.util.Arrays.fill(out, outOff, outOff + samples, (short) 0);
    return samples;
  }

  @Override
  public void reset() {
    // Stateless unless a subclass says otherwise.
  }
}
