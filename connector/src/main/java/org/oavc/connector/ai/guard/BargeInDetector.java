package org.oavc.connector.ai.guard;

/**
 * Decides, frame by frame, when the caller is speaking over the agent for long enough to stop
 * the agent. Not thread-safe: one per call.
 */
public interface BargeInDetector {

  /**
   * One echo-guarded caller frame. Returns true exactly once per barge-in: on the frame where
   * caller speech during agent playback reaches the minimum duration.
   */
  boolean onFrame(short[] guarded, boolean agentPlaying);

  /** True while the last frames were caller speech (for end-of-speech timing and VAD logic). */
  boolean callerSpeaking();
}
