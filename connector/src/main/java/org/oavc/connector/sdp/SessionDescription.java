package org.oavc.connector.sdp;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.oavc.connector.sdp.impl.SdpParser;
import org.oavc.connector.sdp.impl.SdpWriter;

/**
 * A parsed RFC 4566 session description. Lines we do not interpret ({@code b=}, {@code i=}, {@code
 * u=}, {@code z=} ...) stay in {@code otherLines}, verbatim.
 *
 * @param connection session-level connection or null
 */
public record SessionDescription(
    Origin origin,
    String sessionName,
    Connection connection,
    List<SdpAttribute> attributes,
    List<MediaDescription> media,
    List<String> otherLines) {

  public SessionDescription {
    attributes = List.copyOf(attributes);
    media = List.copyOf(media);
    otherLines = List.copyOf(otherLines);
  }

  /** Parses SDP text with CRLF or LF line ends; malformed text gives an SdpException (488). */
  public static SessionDescription parse(String sdp) throws SdpException {
    return SdpParser.parse(sdp);
  }

  /** This description as SDP text (CRLF line ends, RFC 4566 line order). */
  public String toSdp() {
    return SdpWriter.write(this);
  }

  /** The connection that applies to a media section: its own, else the session-level one. */
  public Optional<Connection> connectionFor(MediaDescription m) {
    return Optional.ofNullable(m.connection() != null ? m.connection() : connection);
  }

  /** The ptime of a media section, else a session-level one (misplaced, but some agents do). */
  public OptionalInt ptimeOf(MediaDescription m) {
    return m.ptime().isPresent() ? m.ptime() : sessionMilliseconds("ptime");
  }

  /** The maxptime of a media section, else a session-level one. */
  public OptionalInt maxptimeOf(MediaDescription m) {
    return m.maxptime().isPresent() ? m.maxptime() : sessionMilliseconds("maxptime");
  }

  private OptionalInt sessionMilliseconds(String name) {
    return MediaDescription.milliseconds(
        attributes.stream()
            .filter(a -> a.name().equalsIgnoreCase(name) && a.value() != null)
            .map(SdpAttribute::value)
            .findFirst());
  }

  /** The direction of a media section: its own attribute, else the session's, else sendrecv. */
  public MediaDirection directionOf(MediaDescription m) {
    return m.direction()
        .or(() -> MediaDirection.lastIn(attributes))
        .orElse(MediaDirection.SENDRECV);
  }
}
