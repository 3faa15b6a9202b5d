package org.oavc.connector.media.rtcp;

/** An RTCP datagram that fails the RFC 3550 validity checks; the message names the defect. */
public final class MalformedRtcpException extends Exception {
  public MalformedRtcpException(String message) {
    super(message);
  }
}
