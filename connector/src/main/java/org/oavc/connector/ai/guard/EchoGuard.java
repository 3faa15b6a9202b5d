package org.oavc.connector.ai.guard;

/**
 * Removes or suppresses our own audio coming back on the caller's line. We know exactly what we
 * sent, so it serves as the reference. Not thread-safe: one per call, used on one context.
 */
public interface EchoGuard {

  /**
   * A frame we just sent to the caller (silence as zeros), in send order, at the same rate and
   * frame size as the caller's frames.
   */
  void farEnd(short[] sent);

  /** The caller's frame with our echo removed; may return the same array, modified. */
  short[] nearEnd(short[] received);

  /** A guard that passes the caller's audio through unchanged (ECHO_GUARD=false). */
  static EchoGuard disabled() {
    return new EchoGuard() {
      @Override
      public void farEnd(short[] sent) {}

      @Override
      public short[] nearEnd(short[] received) {
        return received;
      }
    };
  }
}
