package org.oavc.connector.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pins the G.722 encoder and decoder bit for bit: the hashes were taken from the straightforward
 * implementation (QMF shift register, linear quantiser search) before it was optimised, so any
 * change in the optimised code's output fails here. The ffmpeg comparison in {@link G722CodecTest}
 * checks that this output is also right.
 */
class G722GoldenTest {
  /** 3 s of speech-like audio at 16 kHz, encoded and decoded in 20 ms frames. */
  private static final short[] SIGNAL = CodecSignals.speechLike(16000, 48000, 722);

  private static final String ENCODED_SHA256 =
      "c3a5e1ba5ec452dfbabdaf1744d5b0377ac2fe3e03d184bc61af88ded8ffa568";
  private static final String DECODED_SHA256 =
      "c84221980c7e07382461c957e72ec6fd33a3f1f23804d2a35642c1dd533d9a18";

  static byte[] encode(short[] pcm) {
    AudioCodec codec = AudioCodecs.create("G722", 8000, 1);
    byte[] out = new byte[pcm.length / 2];
    for (int off = 0; off < pcm.length; off += 320) {
      assertThat(codec.encode(pcm, off, 320, out, off / 2)).isEqualTo(160);
    }
    return out;
  }

  static short[] decode(byte[] codes) {
    AudioCodec codec = AudioCodecs.create("G722", 8000, 1);
    short[] out = new short[codes.length * 2];
    for (int off = 0; off < codes.length; off += 160) {
      assertThat(codec.decode(codes, off, 160, out, off * 2)).isEqualTo(320);
    }
    return out;
  }

  @Test
  void encodedBytesAreBitIdenticalToTheReferenceImplementation() {
    assertThat(CodecSignals.sha256(encode(SIGNAL))).isEqualTo(ENCODED_SHA256);
  }

  @Test
  void decodedSamplesAreBitIdenticalToTheReferenceImplementation() {
    assertThat(CodecSignals.sha256(decode(encode(SIGNAL)))).isEqualTo(DECODED_SHA256);
  }

  @Test
  void theSignalExercisesBothBandsAndTheQuantiserExtremes() {
    byte[] codes = encode(SIGNAL);
    boolean[] lowSeen = new boolean[64];
    boolean[] highSeen = new boolean[4];
    for (byte b : codes) {
      lowSeen[b & 0x3F] = true;
      highSeen[(b >> 6) & 3] = true;
    }
    int lowDistinct = 0;
    for (boolean s : lowSeen) {
      lowDistinct += s ? 1 : 0;
    }
    // Most of the 60 lower-band codes, and all four higher-band codes, occur: a hash over this
    // stream covers the whole quantiser, not a corner of it.
    assertThat(lowDistinct).isGreaterThanOrEqualTo(50);
    assertThat(highSeen).containsOnly(true);
  }
}
