package org.oavc.connector.call;

/**
 * A call the connector will not place now: the queue is full (POST /calls answers 429) or the
 * connector is draining for shutdown (503). Nothing was sent to OpenSIPS.
 */
public final class OutboundRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean queueFull;

  OutboundRefusedException(String message, boolean queueFull) {
    super(message, null, false, false);
    this.queueFull = queueFull;
  }

  /** True when the bounded queue was full; false when the connector is shutting down. */
  public boolean queueFull() {
    return queueFull;
  }
}
