package org.oavc.connector.sdp.impl;

import java.util.List;
import org.oavc.connector.sdp.Codec;

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
      line(b, "m=" + s.mediaType() + " " + s.port() + " " + s.protocol() + " "
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

  private static void line(StringBuilder b, String text) {
    b.append(text).append(CRLF);
  }
}
