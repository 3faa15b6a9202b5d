package org.oavc.connector.opensips;

/**
 * OpenSIPS answered with an error: a JSON-RPC {@code error} object (code, message, optional data)
 * or a plain-text datagram such as {@code 400 Parse_error} / {@code 500 Internal error}. Locally
 * detected problems (request too large, client closed) use code 0.
 */
public class MiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final String miMessage;
  private final String data;

  public MiException(int code, String miMessage, String data) {
    super(data == null ? code + " " + miMessage : code + " " + miMessage + " (" + data + ")");
    this.code = code;
    this.miMessage = miMessage;
    this.data = data;
  }

  public int code() {
    return code;
  }

  /** The bare message, e.g. "Entity not found". */
  public String miMessage() {
    return miMessage;
  }

  /** JSON-RPC error data, e.g. "Named parameters do not match"; null when absent. */
  public String data() {
    return data;
  }
}
