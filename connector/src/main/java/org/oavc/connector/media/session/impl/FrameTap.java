package org.oavc.connector.media.session.impl;

import java.util.Arrays;
import org.oavc.connector.media.codec.Resampler;
import org.oavc.connector.media.session.AudioSink;

/**
 * Hands every frame of one direction to a consumer at the rate it asked for: the AI's input, the
 * echo guard's reference, a recording. Confined to the thread that produces the frames; one
 * resampler whose state carries from frame to frame, so the output is as continuous as the stream.
 */
final class FrameTap {
  private final int sampleRate;
  private final AudioSink sink;
  private Resampler resampler;
  private short[] resampled = new short[0];

  FrameTap(int sampleRate, AudioSink sink) {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }
    this.sampleRate = sampleRate;
    this.sink = java.util.Objects.requireNonNull(sink, "sink");
  }

  /**
   * The first {@code length} samples of {@code pcm}, mono at {@code pcmRate}; the sink gets a copy.
   */
  void deliver(short[] pcm, int length, int pcmRate) {
    if (pcmRate == sampleRate) {
      sink.onFrame(Arrays.copyOf(pcm, length), sampleRate);
      return;
    }
    if (resampler == null || resampler.inputRate() != pcmRate) {
      resampler = new Resampler(pcmRate, sampleRate); // first frame, or the codec rate changed
    }
    int max = resampler.maxOutputSamples(length);
    if (resampled.length < max) {
      resampled = new short[max];
    }
    int n = resampler.process(pcm, 0, length, resampled, 0);
    sink.onFrame(Arrays.copyOf(resampled, n), sampleRate);
  }
}
