package org.oavc.connector.media.codec;

/** A payload the decoder cannot decode; the codec stays usable for the next payload. */
public final class CodecException extends RuntimeException {
  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
