package org.oavc.connector.ai;

import io.vertx.core.Future;

/**
 * One call's conversation with one AI back end. Created per call by an {@link AiSessionFactory};
 * every method is called on the call's conversation context ({@link AiCall#context()}) and must not
 * block. Audio is mono PCM16 at {@link #sampleRate()} both ways.
 */
public interface AiSession {

  /** The PCM rate this session takes the caller's audio in and plays its own audio at. */
  int sampleRate();

  /**
   * Connects to the back end and starts the conversation (greeting included, if any). Fails with
   * {@link AiUnavailableException} when the back end cannot be reached or does not answer in time;
   * the caller of this method applies the configured failure action.
   */
  Future<Void> start(AiCall call);

  /** One frame (one packet time) of the caller's audio, echo-guarded, in order, continuous. */
  void onCallerAudio(short[] pcm);

  /** Text on the caller's behalf, e.g. "The caller pressed 5." for a key press. */
  void onCallerText(String text);

  /**
   * The caller started speaking over the agent and playback was already stopped (the queue
   * flushed). {@code playedMillis} is how much of the agent's current answer the caller really
   * heard: realtime truncates the item to it and cancels the response; pipeline cancels its pending
   * chat/speech requests and keeps only the words spoken in the history.
   */
  void onBargeIn(long playedMillis);

  /**
   * We are about to end the call ourselves (hang-up after the agent's goodbye, transfer): record
   * now what is still held back, e.g. the agent's last turn that would otherwise only be recorded
   * when the next item starts or at {@link #close()}, which runs after the call-end summary was
   * taken.
   */
  default void beforeHangUp() {}

  /** Closes sockets and cancels HTTP calls; idempotent, safe on every path. */
  Future<Void> close();
}
