package org.oavc.connector.ai.guard;

/**
 * Tells speech from silence and line noise, frame by frame, at any sample rate. It adapts to the
 * noise level of the line, so it keeps state: one per call, not thread-safe.
 */
public interface SpeechDetector {

  /** True if this (echo-guarded) frame carries speech. */
  boolean isSpeech(short[] frame);
}
