package org.oavc.connector.ai.impl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Mono 16-bit PCM in a RIFF/WAVE file: what the apology ships as and TTS answers with. */
public record WavAudio(int sampleRate, short[] pcm) {

  /**
   * Parses PCM16 WAV (mono, or the first channel of more); bad input throws
   * IllegalArgumentException.
   */
  public static WavAudio parse(byte[] wav) {
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    if (wav.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) { // RIFF, WAVE
      throw new IllegalArgumentException("not a RIFF/WAVE file");
    }
    int pos = 12;
    int rate = 0;
    int channels = 0;
    while (pos + 8 <= wav.length) {
      int id = b.getInt(pos);
      int size = b.getInt(pos + 4);
      int body = pos + 8;
      if (size < 0 && id != 0x61746164) {
        break;
      }
      if (id == 0x20746d66) { // "fmt "
        if (b.getShort(body) != 1 || b.getShort(body + 14) != 16) {
          throw new IllegalArgumentException("only 16-bit PCM WAV is supported");
        }
        channels = b.getShort(body + 2);
        rate = b.getInt(body + 4);
      } else if (id == 0x61746164) { // "data"
        if (rate <= 0 || channels <= 0) {
          throw new IllegalArgumentException("data chunk before fmt chunk");
        }
        // Streamed WAVs carry a placeholder size: take what is there.
        int len = size < 0 ? wav.length - body : Math.min(size, wav.length - body);
        short[] pcm = new short[len / (2 * channels)];
        for (int i = 0; i < pcm.length; i++) {
          pcm[i] = b.getShort(body + i * 2 * channels);
        }
        return new WavAudio(rate, pcm);
      }
      pos = body + size + (size & 1);
    }
    throw new IllegalArgumentException("no data chunk");
  }

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46464952).putInt(36 + pcm.length * 2).putInt(0x45564157);
    b.putInt(0x20746d66)
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(sampleRate)
        .putInt(sampleRate * 2)
        .putShort((short) 2)
        .putShort((short) 16);
    b.putInt(0x61746164).putInt(pcm.length * 2);
    for (short s : pcm) {
      b.putShort(s);
    }
    return b.array();
  }
}
