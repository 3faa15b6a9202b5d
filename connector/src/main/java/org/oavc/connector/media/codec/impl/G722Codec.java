package org.oavc.connector.media.codec.impl;

/**
 * G.722 at 64 kbit/s: 16 kHz PCM, one byte per two samples, RTP clock 8000 (RFC 3551 keeps the
 * historical 8000 for G.722). The ADPCM state simply continues across a concealed frame.
 */
public final class G722Codec extends SimpleCodec {
  private final G722Encoder encoder = new G722Encoder();
  private final G722Decoder decoder = new G722Decoder();

  public G722Codec() {
    super("G722", 8000, 16000, 1);
  }

  @Override
  public int maxEncodedBytes(int samples) {
    return samples / 2;
  }

  @Override
  public int encode(short[] pcm, int off, int len, byte[] out, int outOff) {
    if ((len & 1) != 0) {
      throw new IllegalArgumentException("G.722 encodes sample pairs, got " + len + " samples");
    }
    return encoder.encode(pcm, off, len, out, outOff);
  }

  @Override
  int decodePayload(byte[] payload, int off, int len, short[] out, int outOff) {
    return decoder.decode(payload, off, len, out, outOff);
  }

  @Override
  public void reset() {
    super.reset();
    encoder.reset();
    decoder.reset();
  }
}
