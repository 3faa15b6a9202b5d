package org.oavc.aiservices.audio;

import org.oavc.common.audio.G711;

/**
 * G.711 µ-law and A-law to and from PCM16 LE, for Realtime clients that send and want telephone
 * audio as is (8 kHz, one byte per sample). The laws themselves are common's {@link G711}, the
 * connector's own.
 */
public enum G711Law {
  ULAW,
  ALAW;

  public byte[] decode(byte[] coded) {
    byte[] pcm = new byte[coded.length * 2];
    for (int i = 0; i < coded.length; i++) {
      int s =
          this == ULAW ? G711.ulawToLinear(coded[i] & 0xFF) : G711.alawToLinear(coded[i] & 0xFF);
      pcm[2 * i] = (byte) s;
      pcm[2 * i + 1] = (byte) (s >> 8);
    }
    return pcm;
  }

  public byte[] encode(byte[] pcm) {
    byte[] coded = new byte[pcm.length / 2];
    for (int i = 0; i < coded.length; i++) {
      short s = (short) ((pcm[2 * i + 1] << 8) | (pcm[2 * i] & 0xFF));
      coded[i] = this == ULAW ? G711.linearToUlaw(s) : G711.linearToAlaw(s);
    }
    return coded;
  }
}
