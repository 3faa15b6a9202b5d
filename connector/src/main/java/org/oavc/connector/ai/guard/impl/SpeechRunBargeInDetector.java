package org.oavc.connector.ai.guard.impl;

import org.oavc.connector.ai.guard.BargeInDetector;
import org.oavc.connector.ai.guard.GuardOptions;
import org.oavc.connector.ai.guard.SpeechDetector;

/**
 * Counts speech frames heard while the agent plays; a pause up to the hangover does not reset
 * the count (words have gaps), a longer one does and re-arms the detector. Fires once per
 * barge-in, on the frame where the count reaches the minimum speech duration.
 */
public final class SpeechRunBargeInDetector implements BargeInDetector {
  private static final int HANGOVER_MILLIS = 80;

  private final SpeechDetector speech;
  private final int neededFrames;
  private final int hangoverFrames;
  private int speechFrames;
  private int gapFrames = Integer.MAX_VALUE;
  private boolean fired;

  public SpeechRunBargeInDetector(SpeechDetector speech, GuardOptions options) {
    this.speech = speech;
    int frameMillis = Math.max(1, options.getFrameMillis());
    this.neededFrames = Math.max(1, (options.getMinSpeechMillis() + frameMillis - 1) / frameMillis);
    this.hangoverFrames = Math.max(1, HANGOVER_MILLIS / frameMillis);
  }

  @Override
  public boolean onFrame(short[] guarded, boolean agentPlaying) {
    if (speech.isSpeech(guarded)) {
      gapFrames = 0;
      if (agentPlaying) {
        speechFrames++;
      }
    } else if (gapFrames != Integer.MAX_VALUE && ++gapFrames > hangoverFrames) {
      gapFrames = Integer.MAX_VALUE;
      speechFrames = 0;
      fired = false;
    }
    if (!agentPlaying) {
      speechFrames = 0;
      return false;
    }
    if (!fired && speechFrames >= neededFrames) {
      fired = true;
      return true;
    }
    return false;
  }

  @Override
  public boolean callerSpeaking() {
    return gapFrames <= hangoverFrames;
  }
}
