package org.oavc.connector.amd;

import org.oavc.connector.amd.impl.RuleDetector;

/**
 * Classifies the party that answered a placed call from its first audio. Fed the callee's audio as
 * it comes (mono PCM at one rate), and its words when speech-to-text runs; not thread-safe: one
 * thread (the call's audio thread) feeds it.
 */
public interface AnsweringMachineDetector {

  static AnsweringMachineDetector create(AmdOptions options, int sampleRate) {
    return new RuleDetector(options, sampleRate);
  }

  /** Feeds audio (any length); the result once decided (it stays), else null. */
  AmdResult onAudio(short[] pcm);

  /** What the callee said so far or newly (a transcript, partial or final). */
  void onWords(String text);

  /** The decision, null before it. */
  AmdResult result();

  /**
   * After a {@link AmdVerdict#MACHINE} verdict: true once the machine records, i.e. its beep came,
   * or its greeting ended in a long silence (machines without a beep), or {@link
   * AmdOptions#getBeepWaitMillis()} passed since the decision. Audio must still be fed.
   */
  boolean readyForMessage();

  /** Audio fed so far, in milliseconds. */
  long elapsedMillis();
}
