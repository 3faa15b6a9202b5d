package org.oavc.connector.ai.realtime.impl;

import java.util.function.BiConsumer;

/**
 * Gathers the caller's per-packet frames into larger chunks, so the back end gets one {@code
 * input_audio_buffer.append} per 20-40 ms instead of one per packet.
 */
final class AudioBatcher {
  private final short[] buffer;
  private final BiConsumer<short[], Integer> sink;
  private int filled;

  /** {@code sink} receives the buffer and the number of valid samples; it must copy them out. */
  AudioBatcher(int samplesPerBatch, BiConsumer<short[], Integer> sink) {
    this.buffer = new short[Math.max(1, samplesPerBatch)];
    this.sink = sink;
  }

  void add(short[] pcm) {
    int off = 0;
    while (off < pcm.length) {
      int n = Math.min(pcm.length - off, buffer.length - filled);
      System.arraycopy(pcm, off, buffer, filled, n);
      filled += n;
      off += n;
      if (filled == buffer.length) {
        sink.accept(buffer, filled);
        filled = 0;
      }
    }
  }

  /** Drops a partial batch, e.g. when the socket is gone. */
  void clear() {
    filled = 0;
  }
}
