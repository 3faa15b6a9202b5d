package org.oavc.connector.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Any payload a peer sends is decoded or refused with CodecException, never anything else. */
class CodecFuzzTest {
  @ParameterizedTest
  @CsvSource({
    "PCMU,8000,1",
    "PCMA,8000,1",
    "G722,8000,1",
    "L16,16000,1",
    "L16,48000,2",
    "opus,48000,2"
  })
  void randomPayloadsDecodeOrFailCleanly(String name, int clockRate, int channels) {
    AudioCodec codec = AudioCodecs.create(name, clockRate, channels);
    Random random = new Random(name.hashCode() + clockRate);
    short[] out = new short[AudioCodec.MAX_DECODED_SAMPLES];
    int decoded = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] junk = new byte[random.nextInt(400)];
      random.nextBytes(junk);
      try {
        int n = codec.decode(junk, 0, junk.length, out, 0);
        assertThat(n).isBetween(0, AudioCodec.MAX_DECODED_SAMPLES);
        decoded++;
      } catch (CodecException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThat(decoded).isPositive();
    // Concealment still works after all that.
    int frame = codec.samplesPerFrame(20) * codec.channels();
    assertThat(codec.conceal(out, 0, frame)).isEqualTo(frame);
  }
}
