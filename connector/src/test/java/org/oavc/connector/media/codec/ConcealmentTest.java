package org.oavc.connector.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Waveform codecs conceal a lost frame by continuing the voice's period, then fade out. */
class ConcealmentTest {
  @ParameterizedTest
  @CsvSource({"PCMU,8000", "PCMA,8000", "G722,8000", "L16,16000"})
  void continuesAPeriodicSignalThenFades(String name, int clockRate) {
    AudioCodec codec = AudioCodecs.create(name, clockRate, 1);
    int rate = codec.sampleRate();
    int frame = codec.samplesPerFrame(20);
    // 250 Hz: a whole number of samples per period at every rate used here.
    short[] tone = CodecSignals.tones(rate, frame * 20, 8000, 250);
    short[] decoded = new short[AudioCodec.MAX_DECODED_SAMPLES];
    int lostFrame = 10;
    for (int f = 0; f < lostFrame; f++) {
      byte[] payload = codec.encode(tone, f * frame, frame);
      codec.decode(payload, 0, payload.length, decoded, 0);
    }
    short[] concealed = new short[frame];
    assertThat(codec.conceal(concealed, 0, frame)).isEqualTo(frame);
    // The first 10 ms (full level) must continue what the caller said; the decoder's own delay
    // (G.722's QMF) shifts the decoded tone, so search a small delay.
    double best = Double.NEGATIVE_INFINITY;
    for (int delay = 0; delay <= 60; delay++) {
      double signal = 0;
      double noise = 0;
      for (int i = 0; i < frame / 2; i++) {
        double truth = tone[lostFrame * frame + i - delay];
        signal += truth * truth;
        noise += (concealed[i] - truth) * (concealed[i] - truth);
      }
      best = Math.max(best, 10 * Math.log10(signal / Math.max(noise, 1e-9)));
    }
    assertThat(best).as("concealment follows the tone").isGreaterThan(15);
    short[] later = new short[frame];
    codec.conceal(later, 0, frame);
    assertThat(CodecSignals.rms(later, 0, frame)).isLessThan(CodecSignals.rms(concealed, 0, frame));
    for (int i = 0; i < 3; i++) {
      codec.conceal(later, 0, frame);
    }
    assertThat(CodecSignals.rms(later, 0, frame)).as("silent after a long gap").isZero();
    // A real frame ends the concealment: the next loss starts at full level again.
    byte[] payload = codec.encode(tone, 11 * frame, frame);
    codec.decode(payload, 0, payload.length, decoded, 0);
    codec.conceal(later, 0, frame);
    assertThat(CodecSignals.rms(later, 0, frame / 2)).isGreaterThan(2000);
  }
}
