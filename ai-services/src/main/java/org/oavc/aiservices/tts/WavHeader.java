package org.oavc.aiservices.tts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The 44-byte RIFF/WAVE header of mono PCM16 audio. */
final class WavHeader {
  private static final int UNKNOWN = 0xFFFFFFFF;

  private WavHeader() {}

  /** For a stream whose length is not known yet: RIFF and data sizes are 0xFFFFFFFF. */
  static byte[] streaming(int sampleRate) {
    ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(UNKNOWN);
    b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2);
    b.putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(UNKNOWN);
    return b.array();
  }
}
