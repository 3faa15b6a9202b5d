package org.oavc.connector.ai;

/** The AI back end cannot be reached, refused us, or did not answer in time. */
public class AiUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AiUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public AiUnavailableException(String message) {
    super(message);
  }
}
