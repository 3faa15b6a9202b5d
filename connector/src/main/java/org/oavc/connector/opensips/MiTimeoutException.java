package org.oavc.connector.opensips;

/** No reply from mi_datagram within the timeout (after any retries). */
public final class MiTimeoutException extends MiException {
  private static final long serialVersionUID = 1L;

  public MiTimeoutException(String method, long timeoutMs, int attempts) {
    super(
        0,
        "MI timeout",
        method + " unanswered after " + attempts + " attempt(s) of " + timeoutMs + " ms");
  }
}
