package org.oavc.connector.ai.guard;

/**
 * Creates the uplink guards of a call.
 *
 * <p>INTERIM (until the guard work lands): a pass-through echo guard and a plain energy
 * threshold for speech. The real echo guard and speech detector replace these bodies.
 */
public final class Guards {
  private Guards() {}

  public static EchoGuard echoGuard(GuardOptions options) {
    return EchoGuard.disabled();
  }

  public static BargeInDetector bargeInDetector(GuardOptions options) {
    int needed = Math.max(1, options.getMinSpeechMillis() / options.getFrameMillis());
    return new BargeInDetector() {
      private int speechFrames;
      private boolean fired;

      @Override
      public boolean onFrame(short[] guarded, boolean agentPlaying) {
        long energy = 0;
        for (short s : guarded) {
          energy += (long) s * s;
        }
        boolean speech = guarded.length > 0 && energy / guarded.length > 500L * 500L;
        speechFrames = speech ? speechFrames + 1 : 0;
        if (speechFrames == 0) {
          fired = false;
        }
        if (agentPlaying && !fired && speechFrames >= needed) {
          fired = true;
          return true;
        }
        return false;
      }

      @Override
      public boolean callerSpeaking() {
        return speechFrames > 0;
      }
    };
  }
}
