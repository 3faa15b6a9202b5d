package org.oavc.connector.media.rtpengine;

/**
 * An ng command that did not succeed: either rtpengine answered with an error (it refused the
 * request, e.g. an SDP it cannot handle) or no instance answered at all ({@link #unreachable()}).
 */
public final class RtpEngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean unreachable;

  public RtpEngineException(String message, boolean unreachable) {
    super(message, null, false, false);
    this.unreachable = unreachable;
  }

  /** True when no instance answered (timeouts, send failures); false when one refused. */
  public boolean unreachable() {
    return unreachable;
  }
}
