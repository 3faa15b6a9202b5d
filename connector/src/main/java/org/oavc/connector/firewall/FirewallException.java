package org.oavc.connector.firewall;

/** A firewall tool refused our rules or failed; the message carries the tool's own words. */
public final class FirewallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FirewallException(String message) {
    super(message);
  }
}
