package org.oavc.connector.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711Test {

  /** Mu-law decoding as ITU-T G.711 tabulates it, from the code's bit fields (14-bit scale * 4). */
  private static int ituUlaw(int code) {
    int c = ~code & 0xFF;
    int segment = (c >> 4) & 7;
    int step = c & 15;
    int magnitude = ((2 * step + 33) * (1 << segment) - 33) * 4;
    return (c & 0x80) != 0 ? -magnitude : magnitude;
  }

  /** A-law decoding per G.711 (13-bit scale * 8): segment 0 is linear, others double per step. */
  private static int ituAlaw(int code) {
    int c = code ^ 0x55;
    int segment = (c >> 4) & 7;
    int step = c & 15;
    int magnitude = segment == 0 ? 2 * step + 1 : (2 * step + 33) * (1 << (segment - 1));
    return ((c & 0x80) != 0 ? 1 : -1) * magnitude * 8;
  }

  @Test
  void everyUlawCodeDecodesToTheItuValueAndRoundTrips() {
    AudioCodec pcmu = AudioCodecs.create("PCMU", 8000, 1);
    for (int code = 0; code < 256; code++) {
      short[] pcm = pcmu.decode(new byte[] {(byte) code}, 0, 1);
      assertThat(pcm[0]).as("code %02x", code).isEqualTo((short) ituUlaw(code));
      byte[] again = pcmu.encode(pcm, 0, 1);
      // 0x7F is "negative zero": it decodes to 0, which encodes as positive zero 0xFF.
      int expected = code == 0x7F ? 0xFF : code;
      assertThat(again[0] & 0xFF).as("code %02x", code).isEqualTo(expected);
    }
  }

  @Test
  void everyAlawCodeDecodesToTheItuValueAndRoundTrips() {
    AudioCodec pcma = AudioCodecs.create("pcma", 8000, 1);
    for (int code = 0; code < 256; code++) {
      short[] pcm = pcma.decode(new byte[] {(byte) code}, 0, 1);
      assertThat(pcm[0]).as("code %02x", code).isEqualTo((short) ituAlaw(code));
      assertThat(pcma.encode(pcm, 0, 1)[0] & 0xFF).as("code %02x", code).isEqualTo(code);
    }
  }

  @Test
  void wellKnownCodewords() {
    AudioCodec pcmu = AudioCodecs.create("PCMU", 8000, 1);
    AudioCodec pcma = AudioCodecs.create("PCMA", 8000, 1);
    assertThat(pcmu.decode(new byte[] {0x00, (byte) 0x80, (byte) 0xFF}, 0, 3))
        .containsExactly((short) -32124, (short) 32124, (short) 0);
    assertThat(pcma.decode(new byte[] {(byte) 0xD5, 0x55, (byte) 0xAA, 0x2A}, 0, 4))
        .containsExactly((short) 8, (short) -8, (short) 32256, (short) -32256);
    // Silence encodes to the customary idle codes.
    assertThat(pcmu.encode(new short[] {0}, 0, 1)[0] & 0xFF).isEqualTo(0xFF);
    assertThat(pcma.encode(new short[] {0}, 0, 1)[0] & 0xFF).isEqualTo(0xD5);
  }

  @Test
  void encodingIsMonotonicAndNearest() {
    for (AudioCodec codec :
        new AudioCodec[] {
          AudioCodecs.create("PCMU", 8000, 1), AudioCodecs.create("PCMA", 8000, 1)
        }) {
      short[] all = new short[65536];
      for (int i = 0; i < all.length; i++) {
        all[i] = (short) (i - 32768);
      }
      short[] decoded = codec.decode(codec.encode(all, 0, all.length), 0, all.length);
      for (int i = 1; i < all.length; i++) {
        assertThat(decoded[i]).isGreaterThanOrEqualTo(decoded[i - 1]);
      }
      // Quantisation error stays within half the largest step (segment 7: 1024 mu / 1024 A).
      for (int i = 0; i < all.length; i++) {
        assertThat(Math.abs(decoded[i] - all[i]))
            .as(codec.name() + " at %d", all[i])
            .isLessThanOrEqualTo(1200);
      }
    }
  }

  @Test
  void toneSurvivesWithTelephoneQuality() {
    AudioCodec pcmu = AudioCodecs.create("PCMU", 8000, 1);
    short[] tone = CodecSignals.tones(8000, 8000, 8000, 1000);
    short[] back = pcmu.decode(pcmu.encode(tone, 0, tone.length), 0, tone.length);
    assertThat(CodecSignals.bestSnrDb(tone, back, 0)).isGreaterThan(30);
  }
}
