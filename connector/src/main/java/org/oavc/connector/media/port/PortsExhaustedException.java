package org.oavc.connector.media.port;

/** No free port (or pair of ports) left in the pool. */
public final class PortsExhaustedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PortsExhaustedException(String message) {
    super(message);
  }
}
