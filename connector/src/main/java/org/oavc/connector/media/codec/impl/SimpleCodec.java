package org.oavc.connector.media.codec.impl;

import org.oavc.connector.media.codec.AudioCodec;

/**
 * Base of the waveform codecs (G.711, G.722, L16): fixed rates and, having no concealment model of
 * their own, pitch-repetition concealment on the decoded audio when mono (silence when stereo). The
 * decoder state, if any, simply continues across a loss.
 */
abstract class SimpleCodec implements AudioCodec {
  private final String name;
  private final int clockRate;
  private final int sampleRate;
  private final int channels;
  private final PitchRepetitionPlc plc;

  SimpleCodec(String name, int clockRate, int sampleRate, int channels) {
    this.name = name;
    this.clockRate = clockRate;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.plc = channels == 1 ? new PitchRepetitionPlc(sampleRate) : null;
  }

  /** Decodes one payload; see {@link AudioCodec#decode(byte[], int, int, short[], int)}. */
  abstract int decodePayload(byte[] payload, int off, int len, short[] out, int outOff);

  @Override
  public final int decode(byte[] payload, int off, int len, short[] out, int outOff) {
    int samples = decodePayload(payload, off, len, out, outOff);
    if (plc != null) {
      plc.remember(out, outOff, samples);
    }
    return samples;
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
  public final int conceal(short[] out, int outOff, int samples) {
    if (plc != null) {
      plc.conceal(out, outOff, samples);
    } else {
      java.util.Arrays.fill(out, outOff, outOff + samples, (short) 0);
    }
    return samples;
  }

  @Override
  public void reset() {
    if (plc != null) {
      plc.reset();
    }
  }
}
