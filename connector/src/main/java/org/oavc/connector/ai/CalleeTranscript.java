package org.oavc.connector.ai;

/**
 * Speech-to-text of a placed call's callee before any agent speaks: the words answering-machine
 * detection listens for ("leave a message"). Opened by {@link AiSessionFactory#transcribe}; it
 * connects in the background and keeps the first seconds of audio until it is connected.
 */
public interface CalleeTranscript {

  /** One frame of the callee's audio at the rate this was opened for, from any one thread. */
  void onAudio(short[] pcm);

  /** Stops the stream; idempotent. */
  void close();
}
