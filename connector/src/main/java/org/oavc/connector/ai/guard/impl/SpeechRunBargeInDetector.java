package org.oavc.connector.ai.guard.impl;

import org.oavc.connector.ai.guard.BargeInDetector;
import org.oavc.connector.ai.guard.GuardOptions;
import org.oavc.connector.ai.guard.SpeechDetector;

/**
 * Counts speech frames heard while the agent plays; a pause up to the hangover does not reset the
 * count (words have gaps), a longer one does and re-arms the detector. Fires once per barge-in, on
 * the frame where the count reaches the minimum speech duration. With an onset time shorter than
 * that, {@link #onset()} turns true on a speech frame where the count reaches it and stays true
 * until the run ends or fires.
 */
public final class SpeechRunBargeInDetector implements BargeInDetector {
  private static final int HANGOVER_MILLIS = 80;

  private final SpeechDetector speech;
  private final int neededFrames;
  private final int hangoverFrames;

  /** 0: no onset stage. */
  private final int onsetFrames;

  private boolean onset;
  private int speechFrames;
  private int gapFrames = Integer.MAX_VALUE;
  private boolean fired;

  public SpeechRunBargeInDetector(SpeechDetector speech, GuardOptions options) {
    this.speech = speech;
    int frameMillis = Math.max(1, options.getFrameMillis());
    this.neededFrames = Math.max(1, (options.getMinSpeechMillis() + frameMillis - 1) / frameMillis);
    this.hangoverFrames = Math.max(1, HANGOVER_MILLIS / frameMillis);
    int onsetFrames =
        options.getOnsetMillis() <= 0
            ? 0
            : Math.max(1, (options.getOnsetMillis() + frameMillis - 1) / frameMillis);
    // An onset as long as the confirmation would only ever hold for zero frames.
    this.onsetFrames = onsetFrames < neededFrames ? onsetFrames : 0;
  }

  @Override
  public boolean onFrame(short[] guarded, boolean agentPlaying) {
    boolean speaking = speech.isSpeech(guarded);
    if (speaking) {
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
      onset = false;
      return false;
    }
    // Held from a speech frame on (not a gap that merely follows enough speech); released when
    // the run ends (speechFrames back to 0) or is confirmed below.
    onset = onsetFrames > 0 && !fired && speechFrames >= onsetFrames && (onset || speaking);
    if (!fired && speechFrames >= neededFrames) {
      fired = true;
      onset = false;
      return true;
    }
    return false;
  }

  @Override
  public boolean onset() {
    return onset;
  }

  @Override
  public boolean callerSpeaking() {
    return gapFrames <= hangoverFrames;
  }
}
