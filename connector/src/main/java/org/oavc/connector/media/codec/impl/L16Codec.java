package org.oavc.connector.media.codec.impl;

import org.oavc.connector.media.codec.CodecException;

/** L16 (RFC 3551 section 4.5.11): 16-bit linear PCM in network byte order, any rate. */
public final class L16Codec extends SimpleCodec {
  public L16Codec(int sampleRate, int channels) {
    super("L16", sampleRate, sampleRate, checkChannels(sampleRate, channels));
  }

  private static int checkChannels(int sampleRate, int channels) {
    if (sampleRate <= 0 || channels < 1 || channels > 2) {
      throw new IllegalArgumentException("L16 needs a positive rate and 1 or 2 channels");
    }
    return channels;
  }

  @Override
  public int maxEncodedBytes(int samples) {
    return samples * 2;
  }

  @Override
  public int encode(short[] pcm, int off, int len, byte[] out, int outOff) {
    for (int i = 0; i < len; i++) {
      short s = pcm[off + i];
      out[outOff + 2 * i] = (byte) (s >> 8);
      out[outOff + 2 * i + 1] = (byte) s;
    }
    return len * 2;
  }

  @Override
  int decodePayload(byte[] payload, int off, int len, short[] out, int outOff) {
    if ((len & 1) != 0 || (len / 2) % channels() != 0) {
      throw new CodecException("L16 payload of " + len + " bytes is not whole samples");
    }
    int samples = len / 2;
    for (int i = 0; i < samples; i++) {
      out[outOff + i] = (short) ((payload[off + 2 * i] << 8) | (payload[off + 2 * i + 1] & 0xFF));
    }
    return samples;
  }
}
