package org.oavc.connector.ai.guard;

import org.oavc.connector.ai.guard.impl.EchoSuppressor;
import org.oavc.connector.ai.guard.impl.EnergySpectralSpeechDetector;
import org.oavc.connector.ai.guard.impl.SpeechRunBargeInDetector;

/** Creates the uplink guards of a call; each is per call and not thread-safe. */
public final class Guards {
  private Guards() {}

  /** Echo guard using what we sent as the reference (delay tracking + suppression). */
  public static EchoGuard echoGuard(GuardOptions options) {
    return new EchoSuppressor(options);
  }

  /** Barge-in detector over a fresh {@link #speechDetector}. */
  public static BargeInDetector bargeInDetector(GuardOptions options) {
    return new SpeechRunBargeInDetector(speechDetector(options), options);
  }

  /** Speech detector with an adaptive noise floor, for end-of-speech and VAD logic. */
  public static SpeechDetector speechDetector(GuardOptions options) {
    return new EnergySpectralSpeechDetector(options);
  }
}
