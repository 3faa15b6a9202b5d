package org.oavc.connector.call;

/** The media bridge a call needs did not answer: the caller gets 503 (set-up) or 503 (re-offer). */
public final class MediaBridgeUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MediaBridgeUnavailableException(String message) {
    super(message, null, false, false);
  }
}
