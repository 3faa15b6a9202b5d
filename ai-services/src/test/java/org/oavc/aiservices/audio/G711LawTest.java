package org.oavc.aiservices.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711LawTest {

  @Test
  void roundTripErrorStaysWithinTheQuantisationStep() {
    for (G711Law law : G711Law.values()) {
      for (int s = -32768; s <= 32767; s += 7) {
        byte[] pcm = {(byte) s, (byte) (s >> 8)};
        byte[] back = law.decode(law.encode(pcm));
        int decoded = (short) ((back[1] << 8) | (back[0] & 0xFF));
        // Logarithmic coding: the error grows with the magnitude, up to about 1/16 of it.
        assertThat(Math.abs(decoded - s))
            .as("%s %d -> %d", law, s, decoded)
            .isLessThanOrEqualTo(Math.max(16, Math.abs(s) / 15));
      }
    }
  }
}
