package org.oavc.connector.media.session;

/** Receives the caller's audio as mono 16-bit PCM frames. */
@FunctionalInterface
public interface AudioSink {

  /**
   * One frame (one packet time) of audio; concealed or silent frames included, so the stream is
   * continuous. The array belongs to the sink.
   */
  void onFrame(short[] pcm, int sampleRate);
}
