package org.oavc.connector.media.session.impl;

import java.util.Arrays;
import org.oavc.connector.media.codec.Resampler;
import org.oavc.connector.media.session.AudioSink;

/**
 * Hands every frame we sent to a consumer at the rate it asked for (the echo guard's reference).
 * Confined to the sending thread; one resampler whose state carries from frame to frame, so the
 * reference is as continuous as the stream itself.
 */
final class PlayoutTap {
  private final int sampleRate;
  private final AudioSink sink;
  private Resampler resampler;
  private short[] resampled = new short[0];

  PlayoutTap(int sampleRate, AudioSink sink) {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }
    this.sampleRate = sampleRate;
    this.sink = sink;
  }

  /** One sent frame of mono PCM at {@code pcmRate}; the sink gets its own copy. */
  void deliver(short[] pcm, int pcmRate) {
    if (pcmRate == sampleRate) {
      sink.onFrame(Arrays.copyOf(pcm, pcm.length), sampleRate);
      return;
    }
    if (resampler == null || resampler.inputRate() != pcmRate) {
      resampler = new Resampler(pcmRate, sampleRate); // first frame, or the codec rate changed
    }
    int max = resampler.maxOutputSamples(pcm.length);
    if (resampled.length < max) {
      resampled = new short[max];
    }
    int n = resampler.process(pcm, 0, pcm.length, resampled, 0);
    sink.onFrame(Arrays.copyOf(resampled, n), sampleRate);
  }
}
