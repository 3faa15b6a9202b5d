package org.oavc.connector.amd.impl;

import java.util.Locale;
import org.oavc.connector.amd.AmdOptions;
import org.oavc.connector.amd.AmdResult;
import org.oavc.connector.amd.AmdVerdict;
import org.oavc.connector.amd.AnsweringMachineDetector;

/**
 * The app_amd timing rules over 20 ms frames, plus what they lack: a beep is a machine at once, a
 * voicemail phrase in the callee's words is one, and (adaptive level) a noisy line's steady noise
 * is silence, not an endless greeting. A silent answer is {@link AmdVerdict#UNKNOWN} here (the
 * agent starts; a person may be waiting), where app_amd says machine.
 */
public final class RuleDetector implements AnsweringMachineDetector {
  private final AmdOptions o;
  private final int frameSamples;
  private final FrameLevel level;
  private final BeepDetector beep;
  private final short[] pending;
  private int pendingCount;

  private long frames;
  private long firstVoiceFrame = -1;
  private long voicedFrames;
  private int voiceRun;
  private int silenceRun;
  private boolean inWord;
  private int words;
  private final StringBuilder heard = new StringBuilder();
  private AmdResult result;
  private long decidedFrame;
  private boolean beepHeard;
  private boolean spokeSinceDecision;

  public RuleDetector(AmdOptions options, int sampleRate) {
    this.o = options;
    this.frameSamples = sampleRate / 50;
    this.level = new FrameLevel(options.isAdaptiveLevel(), options.getFixedLevelDb());
    this.beep = options.isBeep() ? new BeepDetector(sampleRate) : null;
    this.pending = new short[frameSamples];
  }

  @Override
  public AmdResult onAudio(short[] pcm) {
    int i = 0;
    while (i < pcm.length) {
      int n = Math.min(frameSamples - pendingCount, pcm.length - i);
      System.arraycopy(pcm, i, pending, pendingCount, n);
      pendingCount += n;
      i += n;
      if (pendingCount == frameSamples) {
        frame(pending);
        pendingCount = 0;
      }
    }
    return result;
  }

  private static long ms(long frames) {
    return frames * 20;
  }

  private void frame(short[] f) {
    frames++;
    boolean voiced = level.voiced(f, 0, f.length);
    boolean beeped = beep != null && beep.onFrame(f, 0, f.length, level.lastDb());
    if (beeped) {
      beepHeard = true;
      decide(AmdVerdict.MACHINE, "beep");
    }
    if (result != null) {
      afterDecision(voiced);
      return;
    }
    if (voiced) {
      if (firstVoiceFrame < 0) {
        firstVoiceFrame = frames - 1;
      }
      voicedFrames++;
      voiceRun++;
      silenceRun = 0;
      if (!inWord && ms(voiceRun) >= o.getMinWordMillis()) {
        inWord = true;
        words++;
        if (words >= o.getMaxWords()) {
          decide(AmdVerdict.MACHINE, "max_words");
          return;
        }
      }
      if (ms(voicedFrames) > o.getGreetingMillis()) {
        decide(AmdVerdict.MACHINE, "long_greeting");
        return;
      }
    } else {
      silenceRun++;
      voiceRun = 0;
      if (inWord && ms(silenceRun) >= o.getBetweenWordsSilenceMillis()) {
        inWord = false;
      }
      if (firstVoiceFrame < 0 && ms(silenceRun) >= o.getInitialSilenceMillis()) {
        decide(o.isAdaptiveLevel() ? AmdVerdict.UNKNOWN : AmdVerdict.MACHINE, "initial_silence");
        return;
      }
      if (firstVoiceFrame >= 0 && ms(silenceRun) >= o.getAfterGreetingSilenceMillis()) {
        decide(AmdVerdict.HUMAN, "short_greeting");
        return;
      }
    }
    if (ms(frames) >= o.getTotalAnalysisMillis()) {
      decide(AmdVerdict.UNKNOWN, "too_long");
    }
  }

  /** A machine's greeting goes on: the message may start at its beep or its end. */
  private void afterDecision(boolean voiced) {
    if (voiced) {
      spokeSinceDecision = true;
      silenceRun = 0;
    } else {
      silenceRun++;
    }
  }

  private void decide(AmdVerdict v, String reason) {
    if (result != null) {
      return;
    }
    decidedFrame = frames;
    silenceRun = 0;
    result = new AmdResult(v, reason, ms(frames), firstVoiceFrame < 0 ? -1 : ms(firstVoiceFrame));
  }

  @Override
  public void onWords(String text) {
    if (text == null || text.isBlank() || result != null || o.getPhrases().isEmpty()) {
      return;
    }
    heard.append(' ').append(text.toLowerCase(Locale.ROOT));
    String said = heard.toString().replaceAll("[^a-z' ]", " ").replaceAll(" +", " ");
    for (String phrase : o.getPhrases()) {
      if (said.contains(phrase)) {
        decide(AmdVerdict.MACHINE, "words");
        return;
      }
    }
  }

  @Override
  public AmdResult result() {
    return result;
  }

  @Override
  public boolean readyForMessage() {
    if (result == null || result.verdict() != AmdVerdict.MACHINE) {
      return false;
    }
    if (beepHeard) {
      return !beep.inTone(); // from the beep's end: a message spoken over it is cut off
    }
    if (ms(frames - decidedFrame) >= o.getBeepWaitMillis()) {
      return true;
    }
    // No beep (yet): the greeting is over when a long silence follows it.
    boolean spoke = spokeSinceDecision || firstVoiceFrame >= 0;
    return spoke && ms(silenceRun) >= 2L * o.getAfterGreetingSilenceMillis();
  }

  @Override
  public long elapsedMillis() {
    return ms(frames);
  }
}
