package org.oavc.connector.sdp.impl;

import java.util.List;
import org.oavc.connector.sdp.Codec;
import org.oavc.connector.sdp.MediaDescription;
import org.oavc.connector.sdp.SessionDescription;

/** Writes the SDP we send: a fixed, minimal layout with CRLF line ends. */
public final class SdpWriter {
  private static final String CRLF = "\r\n";

  private SdpWriter() {}

  /**
   * @param addressType "IP4" or "IP6"
   * @param address our advertised address as written in {@code c=} and {@code o=}
   */
  public static String write(
      String sessionName,
      long sessionId,
      long sessionVersion,
      String addressType,
      String address,
      List<LocalSection> sections) {
    StringBuilder b = new StringBuilder(256);
    line(b, "v=0");
    line(b, "o=- " + sessionId + " " + sessionVersion + " IN " + addressType + " " + address);
    line(b, "s=" + (sessionName.isBlank() ? "-" : sessionName));
    line(b, "c=IN " + addressType + " " + address);
    line(b, "t=0 0");
    for (LocalSection s : sections) {
      line(
          b,
          "m="
              + s.mediaType()
              + " "
              + s.port()
              + " "
              + s.protocol()
              + " "
              + String.join(" ", s.formats()));
      if (s.isRejected()) {
        continue;
      }
      for (Codec c : s.payloads()) {
        line(b, "a=rtpmap:" + c.payloadType() + " " + c.rtpmapEncoding());
        if (c.fmtp() != null && !c.fmtp().isBlank()) {
          line(b, "a=fmtp:" + c.payloadType() + " " + c.fmtp());
        }
      }
      line(b, "a=ptime:" + s.ptimeMs());
      if (s.rtcpMux()) {
        line(b, "a=rtcp-mux");
      }
      line(b, "a=" + s.direction().sdpName());
    }
    return b.toString();
  }

  /**
   * Serialises a parsed description in RFC 4566 line order (v o s i u e p c b t r z k a, then each
   * m= section: m i c b k a). Unknown and non-grammar lines go before the attributes of their
   * level; {@code t=0 0} is added when there was no t= line.
   */
  public static String write(SessionDescription sdp) {
    StringBuilder b = new StringBuilder(512);
    line(b, "v=0");
    line(b, sdp.origin().toString());
    line(
        b,
        "s="
            + (sdp.sessionName() == null || sdp.sessionName().isBlank() ? "-" : sdp.sessionName()));
    typed(b, sdp.otherLines(), "iuep");
    if (sdp.connection() != null) {
      line(b, sdp.connection().toString());
    }
    typed(b, sdp.otherLines(), "b");
    if (sdp.otherLines().stream().noneMatch(l -> l.startsWith("t="))) {
      line(b, "t=0 0");
    }
    typed(b, sdp.otherLines(), "trzk");
    untyped(b, sdp.otherLines(), "iuepbtrzk");
    sdp.attributes().forEach(a -> line(b, a.toString()));
    for (MediaDescription m : sdp.media()) {
      String port = m.portCount() > 1 ? m.port() + "/" + m.portCount() : Integer.toString(m.port());
      line(
          b,
          "m="
              + m.mediaType()
              + " "
              + port
              + " "
              + m.protocol()
              + " "
              + String.join(" ", m.formats()));
      typed(b, m.otherLines(), "i");
      if (m.connection() != null) {
        line(b, m.connection().toString());
      }
      typed(b, m.otherLines(), "bk");
      untyped(b, m.otherLines(), "ibk");
      m.attributes().forEach(a -> line(b, a.toString()));
    }
    return b.toString();
  }

  /** Lines of the given types, in their order of the given type letters. */
  private static void typed(StringBuilder b, List<String> lines, String types) {
    for (char t : types.toCharArray()) {
      lines.stream()
          .filter(l -> l.length() > 1 && l.charAt(0) == t && l.charAt(1) == '=')
          .forEach(l -> line(b, l));
    }
  }

  /** Lines not of the given types (unknown types and non-grammar lines). */
  private static void untyped(StringBuilder b, List<String> lines, String knownTypes) {
    lines.stream()
        .filter(l -> l.length() < 2 || l.charAt(1) != '=' || knownTypes.indexOf(l.charAt(0)) < 0)
        .forEach(l -> line(b, l));
  }

  private static void line(StringBuilder b, String text) {
    b.append(text).append(CRLF);
  }
}
