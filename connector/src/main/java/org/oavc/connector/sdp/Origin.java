package org.oavc.connector.sdp;

/**
 * The {@code o=} line. Session id and version are kept as text: RFC 4566 allows any decimal number,
 * and some user agents use more digits than a long holds.
 */
public record Origin(
    String username, String sessionId, String sessionVersion, String addressType, String address) {

  @Override
  public String toString() {
    return "o="
        + username
        + " "
        + sessionId
        + " "
        + sessionVersion
        + " IN "
        + addressType
        + " "
        + address;
  }
}
