package org.oavc.connector.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.oavc.connector.sdp.impl.CodecCatalog;

/**
 * One media section: its {@code m=} line, optional media-level {@code c=}, attributes in order, and
 * other lines ({@code b=}, {@code i=}, {@code k=}) kept verbatim.
 *
 * @param connection media-level connection or null (then the session-level one applies)
 */
public record MediaDescription(
    String mediaType,
    int port,
    int portCount,
    String protocol,
    List<String> formats,
    Connection connection,
    List<SdpAttribute> attributes,
    List<String> otherLines) {

  public MediaDescription {
    formats = List.copyOf(formats);
    attributes = List.copyOf(attributes);
    otherLines = List.copyOf(otherLines);
  }

  public boolean isAudio() {
    return mediaType.equalsIgnoreCase("audio");
  }

  /** Plain RTP profiles we speak: RTP/AVP and RTP/AVPF. SRTP and DTLS profiles are not. */
  public boolean isPlainRtp() {
    String p = protocol.toUpperCase(Locale.ROOT);
    return p.equals("RTP/AVP") || p.equals("RTP/AVPF");
  }

  /** The value of the first attribute with this name (case-insensitive), if any. */
  public Optional<String> attribute(String name) {
    return attributes.stream()
        .filter(a -> a.name().equalsIgnoreCase(name))
        .map(a -> a.value() == null ? "" : a.value())
        .findFirst();
  }

  public boolean hasAttribute(String name) {
    return attribute(name).isPresent();
  }

  /** The direction attribute of this section, if it has one. */
  public Optional<MediaDirection> direction() {
    return MediaDirection.lastIn(attributes);
  }

  public OptionalInt ptime() {
    return positiveNumber("ptime");
  }

  public OptionalInt maxptime() {
    return positiveNumber("maxptime");
  }

  public boolean rtcpMux() {
    return hasAttribute("rtcp-mux");
  }

  /**
   * The offered payload formats we could identify, in offer order: rtpmap lines first, RFC 3551
   * static payload types for formats without one. Formats without either are left out, as are
   * rtpmap lines with a clock rate that is no number.
   */
  public List<Codec> codecs() {
    List<Codec> out = new ArrayList<>();
    for (String f : formats) {
      payloadType(f).flatMap(this::codec).ifPresent(out::add);
    }
    return out;
  }

  /** The payload format with this payload type, with its fmtp. */
  public Optional<Codec> codec(int payloadType) {
    Optional<Codec> c = rtpmap(payloadType).or(() -> CodecCatalog.staticPayloadType(payloadType));
    return c.map(x -> x.withFmtp(fmtp(payloadType).orElse(null)));
  }

  /** The {@code a=fmtp} parameters for a payload type. */
  public Optional<String> fmtp(int payloadType) {
    return valueForPayloadType("fmtp", payloadType);
  }

  private Optional<Codec> rtpmap(int payloadType) {
    return valueForPayloadType("rtpmap", payloadType).flatMap(v -> parseRtpmap(payloadType, v));
  }

  private static Optional<Codec> parseRtpmap(int payloadType, String encoding) {
    String[] parts = encoding.trim().split("/");
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
      return Optional.empty();
    }
    try {
      int clock = Integer.parseInt(parts[1].trim());
      int channels = parts.length == 3 ? Integer.parseInt(parts[2].trim()) : 1;
      if (clock <= 0 || channels <= 0) {
        return Optional.empty();
      }
      return Optional.of(new Codec(parts[0].trim(), payloadType, clock, channels, null));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Optional<String> valueForPayloadType(String attributeName, int payloadType) {
    String prefix = Integer.toString(payloadType);
    for (SdpAttribute a : attributes) {
      if (a.name().equalsIgnoreCase(attributeName) && a.value() != null) {
        String v = a.value();
        int space = v.indexOf(' ');
        if (space > 0 && v.substring(0, space).equals(prefix)) {
          return Optional.of(v.substring(space + 1).trim());
        }
      }
    }
    return Optional.empty();
  }

  private OptionalInt positiveNumber(String attributeName) {
    return milliseconds(attribute(attributeName));
  }

  /** A ptime-like attribute value in whole milliseconds, if it is a sensible number. */
  static OptionalInt milliseconds(Optional<String> v) {
    if (v.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      // Some agents write fractions such as "a=ptime:20.0"; whole milliseconds are enough.
      double ms = Double.parseDouble(v.get().trim());
      return ms >= 1 && ms <= 10_000 ? OptionalInt.of((int) ms) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  static Optional<Integer> payloadType(String format) {
    try {
      int pt = Integer.parseInt(format);
      return pt >= 0 && pt <= 127 ? Optional.of(pt) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
