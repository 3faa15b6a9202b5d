package org.oavc.connector.ai.pipeline.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SpeechDecoderTest {

  private static byte[] pcm(int samples, short level) {
    ByteBuffer b = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      b.putShort(level);
    }
    return b.array();
  }

  /** A streaming WAV header (sizes unknown) with an extra LIST chunk before fmt. */
  private static byte[] wavHeader(int rate, int bits) {
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + 4 + 8 + 16 + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(-1).put("WAVE".getBytes());
    b.put("LIST".getBytes()).putInt(4).put("INFO".getBytes());
    b.put("fmt ".getBytes())
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(rate)
        .putInt(rate * 2)
        .putShort((short) 2)
        .putShort((short) bits);
    b.put("data".getBytes()).putInt(-1);
    return b.array();
  }

  /** Feeds {@code bytes} in pieces of {@code piece} bytes and returns every sample out. */
  private static short[] decode(SpeechDecoder d, byte[] bytes, int piece) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int at = 0; at < bytes.length; at += piece) {
      int n = Math.min(piece, bytes.length - at);
      byte[] chunk = new byte[n];
      System.arraycopy(bytes, at, chunk, 0, n);
      for (short s : d.feed(chunk, n)) {
        out.write(s & 0xff);
        out.write(s >> 8 & 0xff);
      }
    }
    byte[] raw = out.toByteArray();
    short[] samples = new short[raw.length / 2];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
    return samples;
  }

  @Test
  void rawPcmSplitAtOddBytesIsResampledTo16kHz() throws IOException {
    short[] out = decode(new SpeechDecoder(false, 24000, 16000), pcm(2400, (short) 1234), 333);
    assertThat(out.length).isBetween(1590, 1600); // 100 ms
    assertThat(out[out.length - 1]).isBetween((short) 1200, (short) 1270);
  }

  @Test
  void samePcmRateIsPassedThroughExactly() throws IOException {
    short[] out = decode(new SpeechDecoder(false, 16000, 16000), pcm(100, (short) -300), 7);
    assertThat(out).hasSize(100).containsOnly((short) -300);
  }

  @Test
  void wavHeaderIsSkippedAndItsRateUsed() throws IOException {
    ByteArrayOutputStream wav = new ByteArrayOutputStream();
    wav.writeBytes(wavHeader(8000, 16));
    wav.writeBytes(pcm(800, (short) 2000));
    short[] out = decode(new SpeechDecoder(true, 24000, 16000), wav.toByteArray(), 5);
    assertThat(out.length).isBetween(1590, 1600); // 100 ms at 8 kHz, doubled
    assertThat(out[out.length - 1]).isBetween((short) 1950, (short) 2050);
  }

  @Test
  void nonPcmWavIsRejected() {
    assertThatThrownBy(() -> decode(new SpeechDecoder(true, 24000, 16000), wavHeader(8000, 8), 64))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not mono 16-bit PCM");
    assertThatThrownBy(() -> decode(new SpeechDecoder(true, 24000, 16000), pcm(64, (short) 1), 64))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a WAV");
  }
}
