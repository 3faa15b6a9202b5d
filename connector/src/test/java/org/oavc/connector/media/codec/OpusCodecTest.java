package org.oavc.connector.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OpusCodecTest {
  private static final int FRAME = 960;

  private static short[] codecRoundTrip(AudioCodec enc, AudioCodec dec, short[] pcm, int channels) {
    short[] out = new short[pcm.length];
    byte[] packet = new byte[enc.maxEncodedBytes(FRAME * channels)];
    short[] frame = new short[AudioCodec.MAX_DECODED_SAMPLES];
    int step = FRAME * channels;
    for (int off = 0; off + step <= pcm.length; off += step) {
      int n = enc.encode(pcm, off, step, packet, 0);
      int samples = dec.decode(packet, 0, n, frame, 0);
      assertThat(samples).isEqualTo(step);
      System.arraycopy(frame, 0, out, off, samples);
    }
    return out;
  }

  @Test
  void monoVoiceBandToneRoundTrips() {
    AudioCodec enc = AudioCodecs.create("opus", 48000, 2);
    AudioCodec dec = AudioCodecs.create("opus", 48000, 2);
    short[] tone = CodecSignals.tones(48000, 48000, 8000, 440);
    short[] back = codecRoundTrip(enc, dec, tone, 1);
    // A lossy perceptual codec: demand the energy survives and the waveform roughly matches.
    assertThat(CodecSignals.rms(back, 4800, 48000))
        .isCloseTo(
            CodecSignals.rms(tone, 4800, 48000),
            org.assertj.core.data.Percentage.withPercentage(25));
    assertThat(CodecSignals.bestSnrDb(tone, back, 960)).isGreaterThan(10);
  }

  @Test
  void stereoKeepsInterleavedChannels() {
    OpusCodecOptions stereo = new OpusCodecOptions().setChannels(2).setBitrate(64000);
    AudioCodec enc = AudioCodecs.create("opus", 48000, 2, stereo);
    AudioCodec dec = AudioCodecs.create("opus", 48000, 2, stereo);
    short[] left = CodecSignals.tones(48000, 48000, 8000, 440);
    short[] pcm = new short[left.length * 2];
    for (int i = 0; i < left.length; i++) {
      pcm[2 * i] = left[i]; // right channel stays silent
    }
    short[] back = codecRoundTrip(enc, dec, pcm, 2);
    double l = 0;
    double r = 0;
    for (int i = 9600; i < left.length; i++) {
      l += Math.abs(back[2 * i]);
      r += Math.abs(back[2 * i + 1]);
    }
    assertThat(r).isLessThan(l / 4);
  }

  @Test
  void stereoStreamDecodesToMonoForAMonoCodec() {
    AudioCodec stereoSender =
        AudioCodecs.create("opus", 48000, 2, new OpusCodecOptions().setChannels(2));
    AudioCodec monoReceiver = AudioCodecs.create("opus", 48000, 2);
    short[] tone = CodecSignals.tones(48000, FRAME * 10, 8000, 440);
    short[] pcm = new short[tone.length * 2];
    for (int i = 0; i < tone.length; i++) {
      pcm[2 * i] = tone[i];
      pcm[2 * i + 1] = tone[i];
    }
    short[] mono = new short[tone.length];
    short[] frame = new short[AudioCodec.MAX_DECODED_SAMPLES];
    byte[] packet = new byte[4000];
    for (int f = 0; f < 10; f++) {
      int n = stereoSender.encode(pcm, f * 2 * FRAME, 2 * FRAME, packet, 0);
      assertThat(monoReceiver.decode(packet, 0, n, frame, 0)).isEqualTo(FRAME);
      System.arraycopy(frame, 0, mono, f * FRAME, FRAME);
    }
    assertThat(CodecSignals.rms(mono, 4 * FRAME, 10 * FRAME))
        .isGreaterThan(CodecSignals.rms(tone, 0, tone.length) / 2);
  }

  @Test
  void concealmentAndFecProduceAFullFrame() {
    AudioCodec enc =
        AudioCodecs.create("opus", 48000, 2, new OpusCodecOptions().setPacketLossPercent(20));
    AudioCodec dec = AudioCodecs.create("opus", 48000, 2);
    short[] tone = CodecSignals.tones(48000, 48000, 8000, 300);
    byte[] packet = new byte[4000];
    short[] frame = new short[AudioCodec.MAX_DECODED_SAMPLES];
    for (int off = 0; off + FRAME <= 20 * FRAME; off += FRAME) {
      int n = enc.encode(tone, off, FRAME, packet, 0);
      dec.decode(packet, 0, n, frame, 0);
    }
    assertThat(dec.conceal(frame, 0, FRAME)).isEqualTo(FRAME);
    assertThat(CodecSignals.rms(frame, 0, FRAME)).as("PLC continues the tone").isGreaterThan(100);
    int n = enc.encode(tone, 21 * FRAME, FRAME, packet, 0);
    assertThat(dec.recover(packet, 0, n, frame, 0, FRAME)).isEqualTo(FRAME);
    assertThat(dec.decode(packet, 0, n, frame, 0)).isEqualTo(FRAME);
  }

  @Test
  void decoderStaysUsableAfterBadInput() {
    // Random payloads are covered by CodecFuzzTest; here: an empty one, then a real frame.
    AudioCodec dec = AudioCodecs.create("opus", 48000, 2);
    short[] out = new short[AudioCodec.MAX_DECODED_SAMPLES];
    assertThatThrownBy(() -> dec.decode(new byte[0], 0, 0, out, 0))
        .isInstanceOf(CodecException.class);
    byte[] junk = new byte[50];
    new Random(7).nextBytes(junk);
    try {
      dec.decode(junk, 0, junk.length, out, 0);
    } catch (CodecException acceptable) {
      // either outcome is fine; what matters is the next call
    }
    AudioCodec enc = AudioCodecs.create("opus", 48000, 2);
    byte[] packet = enc.encode(new short[FRAME], 0, FRAME);
    assertThat(dec.decode(packet, 0, packet.length, out, 0)).isEqualTo(FRAME);
  }
}
