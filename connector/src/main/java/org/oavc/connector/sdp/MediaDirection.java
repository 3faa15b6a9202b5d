package org.oavc.connector.sdp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The RFC 3264 stream direction attribute, always from the point of view of the SDP's author. */
public enum MediaDirection {
  SENDRECV,
  SENDONLY,
  RECVONLY,
  INACTIVE;

  /** The attribute name as written in SDP, e.g. {@code sendonly}. */
  public String sdpName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when the author of the SDP sends media on the stream. */
  public boolean sends() {
    return this == SENDRECV || this == SENDONLY;
  }

  /** True when the author of the SDP is willing to receive media on the stream. */
  public boolean receives() {
    return this == SENDRECV || this == RECVONLY;
  }

  /** The direction an answerer states for this offered direction (RFC 3264 section 6.1). */
  public MediaDirection answer() {
    return switch (this) {
      case SENDONLY -> RECVONLY;
      case RECVONLY -> SENDONLY;
      case INACTIVE -> INACTIVE;
      case SENDRECV -> SENDRECV;
    };
  }

  /** The direction that allows sending only when both allow it, and receiving likewise. */
  public MediaDirection narrowTo(MediaDirection other) {
    return of(sends() && other.sends(), receives() && other.receives());
  }

  public static MediaDirection of(boolean sends, boolean receives) {
    if (sends) {
      return receives ? SENDRECV : SENDONLY;
    }
    return receives ? RECVONLY : INACTIVE;
  }

  /** The direction named by an attribute name, or empty when the name is no direction. */
  public static Optional<MediaDirection> fromSdpName(String attributeName) {
    for (MediaDirection d : values()) {
      if (d.sdpName().equalsIgnoreCase(attributeName)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** The last direction attribute in a list (the last one wins, as in most stacks). */
  public static Optional<MediaDirection> lastIn(List<SdpAttribute> attributes) {
    Optional<MediaDirection> found = Optional.empty();
    for (SdpAttribute a : attributes) {
      Optional<MediaDirection> d = fromSdpName(a.name());
      if (d.isPresent()) {
        found = d;
      }
    }
    return found;
  }
}
