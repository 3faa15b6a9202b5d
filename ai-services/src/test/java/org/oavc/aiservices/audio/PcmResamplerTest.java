package org.oavc.aiservices.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class PcmResamplerTest {

  private static byte[] sine(double hz, int rate, double seconds, int amplitude) {
    int n = (int) (rate * seconds);
    byte[] out = new byte[n * 2];
    for (int i = 0; i < n; i++) {
      short s = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
      out[2 * i] = (byte) s;
      out[2 * i + 1] = (byte) (s >> 8);
    }
    return out;
  }

  private static int zeroCrossings(byte[] pcm) {
    int crossings = 0;
    short prev = 0;
    for (int i = 0; i + 1 < pcm.length; i += 2) {
      short s = (short) ((pcm[i + 1] << 8) | (pcm[i] & 0xff));
      if (i > 0 && (prev < 0) != (s < 0)) {
        crossings++;
      }
      prev = s;
    }
    return crossings;
  }

  private static double peak(byte[] pcm) {
    int max = 0;
    for (int i = 0; i + 1 < pcm.length; i += 2) {
      max = Math.max(max, Math.abs((short) ((pcm[i + 1] << 8) | (pcm[i] & 0xff))));
    }
    return max;
  }

  @Test
  void upsamplingKeepsDurationAndPitch() {
    byte[] in = sine(440, 8000, 1.0, 10000);
    byte[] out = new PcmResampler(8000, 16000).process(in);
    assertThat(out.length / 2).isBetween(15990, 16010);
    assertThat(zeroCrossings(out)).isBetween(875, 885);
    assertThat(peak(out)).isBetween(9500.0, 10001.0);
  }

  @Test
  void downsamplingKeepsSpeechBandAndDampsWhatCannotBeRepresented() {
    PcmResampler down = new PcmResampler(48000, 16000);
    byte[] speech = down.process(sine(500, 48000, 1.0, 10000));
    assertThat(speech.length / 2).isBetween(15990, 16010);
    assertThat(zeroCrossings(speech)).isBetween(995, 1005);
    // 20 kHz cannot exist at 16 kHz: it must not come out as a loud alias tone.
    byte[] ultrasonic = new PcmResampler(48000, 16000).process(sine(20000, 48000, 1.0, 10000));
    assertThat(peak(ultrasonic)).isLessThan(4000);
  }

  @Test
  void chunkingAtOddByteBoundariesGivesTheSameStream() {
    byte[] in = sine(300, 8000, 0.5, 8000);
    byte[] whole = new PcmResampler(8000, 24000).process(in);
    PcmResampler streaming = new PcmResampler(8000, 24000);
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    int[] sizes = {1, 3, 160, 7, 321, 2};
    int off = 0;
    for (int i = 0; off < in.length; i++) {
      int len = Math.min(sizes[i % sizes.length], in.length - off);
      pieces.writeBytes(streaming.process(in, off, len));
      off += len;
    }
    assertThat(pieces.toByteArray()).isEqualTo(whole);
  }

  @Test
  void sameRatePassesThrough() {
    byte[] in = sine(300, 16000, 0.1, 8000);
    assertThat(new PcmResampler(16000, 16000).process(in)).isEqualTo(in);
  }

  @Test
  void nonPositiveRatesAreRefused() {
    assertThatThrownBy(() -> new PcmResampler(0, 16000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
