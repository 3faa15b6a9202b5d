package org.oavc.connector.opensips;

/** An event datagram we cannot use; {@link #reason()} is a short label for the drop counter. */
public final class MalformedEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String reason;

  public MalformedEventException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
