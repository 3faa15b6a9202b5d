package org.oavc.connector.media.dtmf;

/** A telephone-event payload that cannot be read. */
public final class MalformedDtmfException extends RuntimeException {
  public MalformedDtmfException(String message) {
    super(message);
  }
}
