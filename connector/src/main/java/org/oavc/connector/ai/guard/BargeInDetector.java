package org.oavc.connector.ai.guard;

/**
 * Decides, frame by frame, when the caller is speaking over the agent for long enough to stop the
 * agent. Not thread-safe: one per call.
 */
public interface BargeInDetector {

  /**
   * One echo-guarded caller frame. Returns true exactly once per barge-in: on the frame where
   * caller speech during agent playback reaches the minimum duration.
   */
  boolean onFrame(short[] guarded, boolean agentPlaying);

  /**
   * The onset stage, as of the last {@link #onFrame}: true from a speech frame where caller speech
   * over the agent has lasted the onset time until that run of speech ends (a pause longer than the
   * detector bridges), the agent stops, or the run is confirmed as a barge-in. The agent's playout
   * is held meanwhile. Always false when the detector has no onset stage.
   */
  default boolean onset() {
    return false;
  }

  /** True while the last frames were caller speech (for end-of-speech timing and VAD logic). */
  boolean callerSpeaking();
}
