package org.oavc.connector.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class L16CodecTest {
  @Test
  void usesNetworkByteOrderAndRoundTrips() {
    AudioCodec l16 = AudioCodecs.create("L16", 16000, 1);
    byte[] wire = l16.encode(new short[] {0x0102, -2, Short.MIN_VALUE}, 0, 3);
    assertThat(wire).containsExactly(0x01, 0x02, 0xFF, 0xFE, 0x80, 0x00);
    assertThat(l16.decode(wire, 0, wire.length))
        .containsExactly((short) 0x0102, (short) -2, Short.MIN_VALUE);
    assertThat(l16.samplesPerFrame(20)).isEqualTo(320);
    assertThat(l16.timestampIncrement(20)).isEqualTo(320);
  }

  @Test
  void rejectsOddPayloads() {
    AudioCodec stereo = AudioCodecs.create("L16", 44100, 2);
    assertThatThrownBy(() -> stereo.decode(new byte[3], 0, 3)).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> stereo.decode(new byte[6], 0, 6)).isInstanceOf(CodecException.class);
  }
}
