package org.oavc.connector.media.codec.impl;

import org.oavc.common.audio.G711;

/** PCMU / PCMA (RFC 3551): one byte per 8 kHz sample, stateless. */
public final class G711Codec extends SimpleCodec {
  private final boolean alaw;

  private G711Codec(boolean alaw) {
    super(alaw ? "PCMA" : "PCMU", 8000, 8000, 1);
    this.alaw = alaw;
  }

  public static G711Codec pcmu() {
    return new G711Codec(false);
  }

  public static G711Codec pcma() {
    return new G711Codec(true);
  }

  @Override
  public int maxEncodedBytes(int samples) {
    return samples;
  }

  @Override
  public int encode(short[] pcm, int off, int len, byte[] out, int outOff) {
    for (int i = 0; i < len; i++) {
      short s = pcm[off + i];
      out[outOff + i] = alaw ? G711.linearToAlaw(s) : G711.linearToUlaw(s);
    }
    return len;
  }

  @Override
  int decodePayload(byte[] payload, int off, int len, short[] out, int outOff) {
    for (int i = 0; i < len; i++) {
      byte code = payload[off + i];
      out[outOff + i] = alaw ? G711.alawToLinear(code) : G711.ulawToLinear(code);
    }
    return len;
  }
}
