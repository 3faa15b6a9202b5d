package org.oavc.connector.media.rtp;

/** Outcome of {@link RtpPacket#parse}: {@link #VALID} or why the datagram is not RTP we accept. */
public enum RtpValidation {
  VALID("valid"),
  TOO_SHORT("shorter than the 12-byte RTP header"),
  BAD_VERSION("version is not 2"),
  RTCP("an RTCP packet (payload type 64-95 with the marker bit: RFC 5761 demultiplexing)"),
  CSRC_OVERFLOW("CSRC list runs past the end"),
  EXTENSION_OVERFLOW("header extension runs past the end"),
  BAD_PADDING("padding count is zero or larger than the payload");

  private final String reason;

  RtpValidation(String reason) {
    this.reason = reason;
  }

  /** Human-readable reason, for logs and counters. */
  public String reason() {
    return reason;
  }

  public boolean isValid() {
    return this == VALID;
  }
}
