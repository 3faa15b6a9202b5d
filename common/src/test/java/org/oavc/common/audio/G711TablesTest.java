package org.oavc.common.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Code words from ITU-T G.711's tables. */
class G711TablesTest {
  @Test
  void knownCodeWords() {
    assertThat(G711.linearToUlaw(0) & 0xFF).isEqualTo(0xFF);
    assertThat(G711.ulawToLinear(0xFF)).isEqualTo((short) 0);
    assertThat(G711.linearToAlaw(0) & 0xFF).isEqualTo(0xD5);
    assertThat(G711.ulawToLinear(0x00)).isEqualTo((short) -32124);
    assertThat(G711.alawToLinear(0xAA)).isEqualTo((short) 32256);
  }
}
