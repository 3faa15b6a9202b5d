package org.oavc.connector.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AudioCodecsTest {
  @Test
  void createsByRtpmapNameAndRejectsTheRest() {
    assertThat(AudioCodecs.create("pcmu", 8000, 1).name()).isEqualTo("PCMU");
    AudioCodec g722 = AudioCodecs.create("G722", 8000, 1);
    assertThat(g722.payloadClockRate()).isEqualTo(8000);
    assertThat(g722.sampleRate()).isEqualTo(16000);
    assertThat(g722.samplesPerFrame(20)).isEqualTo(320);
    assertThat(g722.timestampIncrement(20)).isEqualTo(160);
    AudioCodec opus = AudioCodecs.create("opus", 48000, 2);
    assertThat(opus.channels()).isEqualTo(1);
    assertThat(opus.timestampIncrement(20)).isEqualTo(960);
    assertThat(AudioCodecs.isSupported("G729", 8000, 1)).isFalse();
    assertThat(AudioCodecs.isSupported("PCMU", 16000, 1)).isFalse();
    assertThat(AudioCodecs.isSupported(null, 8000, 1)).isFalse();
    assertThatThrownBy(() -> AudioCodecs.create("iLBC", 8000, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iLBC");
  }

  @Test
  void instancesDoNotShareState() {
    AudioCodec a = AudioCodecs.create("G722", 8000, 1);
    AudioCodec b = AudioCodecs.create("G722", 8000, 1);
    short[] tone = CodecSignals.tones(16000, 320, 5000, 700);
    byte[] first = a.encode(tone, 0, 320);
    a.encode(tone, 0, 320);
    // b starts fresh, so its first frame equals a's first frame, not a's second.
    assertThat(b.encode(tone, 0, 320)).isEqualTo(first);
  }
}
