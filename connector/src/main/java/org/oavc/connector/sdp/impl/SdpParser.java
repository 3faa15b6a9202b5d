package org.oavc.connector.sdp.impl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.oavc.connector.sdp.Connection;
import org.oavc.connector.sdp.MediaDescription;
import org.oavc.connector.sdp.Origin;
import org.oavc.connector.sdp.SdpAttribute;
import org.oavc.connector.sdp.SdpException;
import org.oavc.connector.sdp.SessionDescription;

/**
 * RFC 4566 parser, liberal where phones differ (LF or CRLF, trailing blanks, unknown line types,
 * missing {@code s=}/{@code t=}) and strict where the result would be unusable (no {@code v=0}
 * first, control characters, bad {@code o=}/{@code c=}/{@code m=}, no {@code m=}). Lines that are
 * not {@code x=value} are kept with the unknown ones.
 */
public final class SdpParser {
  /** Larger bodies are refused: no phone sends this much SDP, and it bounds the work done. */
  public static final int MAX_LENGTH = 65_536;

  private static final Pattern BLANKS = Pattern.compile("\\s+");

  private Origin origin;
  private String sessionName;
  private Connection sessionConnection;
  private final List<SdpAttribute> sessionAttributes = new ArrayList<>();
  private final List<String> sessionOtherLines = new ArrayList<>();
  private final List<MediaDescription> media = new ArrayList<>();
  private MediaSection current;

  private SdpParser() {}

  public static SessionDescription parse(String sdp) throws SdpException {
    if (sdp == null || sdp.isBlank()) {
      throw new SdpException("empty SDP body");
    }
    if (sdp.length() > MAX_LENGTH) {
      throw new SdpException("SDP body longer than " + MAX_LENGTH + " characters");
    }
    // Some stacks pad bodies with NUL bytes; those at the very end are no content.
    int end = sdp.length();
    while (end > 0 && sdp.charAt(end - 1) == '\0') {
      end--;
    }
    return new SdpParser().run(lines(sdp, end));
  }

  /**
   * The lines of {@code sdp[0, end)}, split at CRLF, LF or a lone CR. A plain scan: on the call
   * set-up path the regex split was the largest single cost of answering an offer.
   */
  private static List<String> lines(String sdp, int end) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < end; i++) {
      char ch = sdp.charAt(i);
      if (ch == '\r' || ch == '\n') {
        out.add(sdp.substring(start, i));
        if (ch == '\r' && i + 1 < end && sdp.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < end) {
      out.add(sdp.substring(start, end));
    }
    return out;
  }

  private SessionDescription run(List<String> rawLines) throws SdpException {
    boolean versionSeen = false;
    int number = 0;
    for (String raw : rawLines) {
      number++;
      String line = raw.stripTrailing();
      if (line.isEmpty()) {
        continue;
      }
      checkCharacters(line, number);
      if (!versionSeen) {
        if (!line.startsWith("v=") || !line.substring(2).trim().equals("0")) {
          throw new SdpException(
              "SDP must start with v=0, line " + number + " is: " + shorten(line));
        }
        versionSeen = true;
        continue;
      }
      if (!isTypeValue(line)) {
        // Not RFC 4566 grammar, but harmless text: kept like an unknown line type.
        (current == null ? sessionOtherLines : current.otherLines).add(line);
        continue;
      }
      accept(line.charAt(0), line.substring(2), line, number);
    }
    if (current != null) {
      media.add(current.build());
    }
    if (origin == null) {
      throw new SdpException("SDP has no o= line");
    }
    if (media.isEmpty()) {
      throw new SdpException("SDP has no m= line");
    }
    return new SessionDescription(
        origin, sessionName, sessionConnection, sessionAttributes, media, sessionOtherLines);
  }

  private void accept(char type, String value, String line, int number) throws SdpException {
    switch (type) {
      case 'v' -> throw new SdpException("second v= line at line " + number);
      case 'o' -> {
        if (current == null && origin == null) {
          origin = parseOrigin(value, number);
        }
      }
      case 's' -> {
        if (current == null) {
          sessionName = value;
        }
      }
      case 'c' -> {
        Connection c = parseConnection(value, number);
        if (current != null) {
          current.connection = current.connection == null ? c : current.connection;
        } else if (sessionConnection == null) {
          sessionConnection = c;
        }
      }
      case 'm' -> {
        if (current != null) {
          media.add(current.build());
        }
        current = parseMedia(value, number);
      }
      case 'a' ->
          (current == null ? sessionAttributes : current.attributes).add(SdpAttribute.parse(value));
      default -> (current == null ? sessionOtherLines : current.otherLines).add(line);
    }
  }

  private static boolean isTypeValue(String line) {
    return line.length() >= 2
        && line.charAt(1) == '='
        && line.charAt(0) >= 'a'
        && line.charAt(0) <= 'z';
  }

  /** Binary bytes mean a broken body (e.g. uninitialised memory), never a phone's quirk. */
  private static void checkCharacters(String line, int number) throws SdpException {
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
        throw new SdpException("line " + number + " holds control character " + (int) ch);
      }
    }
  }

  private static Origin parseOrigin(String value, int number) throws SdpException {
    String[] f = BLANKS.split(value.trim());
    if (f.length != 6 || !f[3].equalsIgnoreCase("IN")) {
      throw new SdpException("bad o= line at line " + number + ": o=" + shorten(value));
    }
    return new Origin(f[0], f[1], f[2], f[4].toUpperCase(), stripBrackets(f[5]));
  }

  private static Connection parseConnection(String value, int number) throws SdpException {
    String[] f = BLANKS.split(value.trim());
    if (f.length != 3 || !f[0].equalsIgnoreCase("IN")) {
      throw new SdpException("bad c= line at line " + number + ": c=" + shorten(value));
    }
    String type = f[1].toUpperCase();
    if (!type.equals("IP4") && !type.equals("IP6")) {
      throw new SdpException("c= address type " + f[1] + " is neither IP4 nor IP6");
    }
    String address = f[2];
    int slash = address.indexOf('/'); // multicast TTL / count suffix
    if (slash >= 0) {
      address = address.substring(0, slash);
    }
    return new Connection(type, stripBrackets(address));
  }

  private static MediaSection parseMedia(String value, int number) throws SdpException {
    String[] f = BLANKS.split(value.trim());
    if (f.length < 4) {
      throw new SdpException("m= line " + number + " needs media, port, proto and formats");
    }
    String[] port = f[1].split("/", 2);
    MediaSection m = new MediaSection();
    m.mediaType = f[0];
    m.port = parseBounded(port[0], 0, 65535, "bad port in m= line " + number + ": " + f[1]);
    m.portCount =
        port.length == 2 ? parseBounded(port[1], 1, 65535, "bad port count in line " + number) : 1;
    m.protocol = f[2];
    m.formats = Arrays.asList(f).subList(3, f.length);
    if (m.protocol.toUpperCase().contains("RTP")) {
      for (String format : m.formats) {
        parseBounded(
            format, 0, 127, "bad RTP payload type " + shorten(format) + " in line " + number);
      }
    }
    return m;
  }

  private static int parseBounded(String text, int min, int max, String error) throws SdpException {
    if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(Character::isDigit)) {
      throw new SdpException(error);
    }
    int n = Integer.parseInt(text);
    if (n < min || n > max) {
      throw new SdpException(error);
    }
    return n;
  }

  private static String stripBrackets(String address) {
    return address.startsWith("[") && address.endsWith("]")
        ? address.substring(1, address.length() - 1)
        : address;
  }

  private static String shorten(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }

  /** A media section while its lines are read. */
  private static final class MediaSection {
    String mediaType;
    int port;
    int portCount;
    String protocol;
    List<String> formats;
    Connection connection;
    final List<SdpAttribute> attributes = new ArrayList<>();
    final List<String> otherLines = new ArrayList<>();

    MediaDescription build() {
      return new MediaDescription(
          mediaType, port, portCount, protocol, formats, connection, attributes, otherLines);
    }
  }
}
