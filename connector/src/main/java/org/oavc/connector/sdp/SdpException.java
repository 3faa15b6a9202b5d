package org.oavc.connector.sdp;

/**
 * An SDP body we cannot use: malformed, no usable audio stream or no codec in common. The message
 * says why; {@link #sipStatus()} is the SIP status to reject the request with.
 */
public final class SdpException extends Exception {
  private static final long serialVersionUID = 1L;

  /** 488 Not Acceptable Here: the status RFC 3261 names for an unusable session description. */
  public static final int NOT_ACCEPTABLE_HERE = 488;

  private final int sipStatus;

  public SdpException(String message) {
    this(NOT_ACCEPTABLE_HERE, message);
  }

  public SdpException(int sipStatus, String message) {
    super(message);
    this.sipStatus = sipStatus;
  }

  public int sipStatus() {
    return sipStatus;
  }
}
