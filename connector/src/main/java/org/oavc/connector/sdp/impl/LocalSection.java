package org.oavc.connector.sdp.impl;

import java.util.List;
import org.oavc.connector.sdp.Codec;
import org.oavc.connector.sdp.MediaDescription;
import org.oavc.connector.sdp.MediaDirection;

/**
 * One m= section of the SDP we send: either a stream we take (payloads with our own fmtp) or an
 * offered stream we refuse (port 0, formats copied, as RFC 3264 section 6 asks).
 */
public record LocalSection(
    String mediaType,
    int port,
    String protocol,
    List<String> formats,
    List<Codec> payloads,
    int ptimeMs,
    boolean rtcpMux,
    MediaDirection direction) {

  public LocalSection {
    formats = List.copyOf(formats);
    payloads = List.copyOf(payloads);
  }

  public static LocalSection rejected(MediaDescription offered) {
    return new LocalSection(
        offered.mediaType(), 0, offered.protocol(), offered.formats(), List.of(), 0, false, null);
  }

  public static LocalSection active(
      int port,
      String protocol,
      List<Codec> payloads,
      int ptimeMs,
      boolean rtcpMux,
      MediaDirection direction) {
    List<String> formats = payloads.stream().map(c -> Integer.toString(c.payloadType())).toList();
    return new LocalSection(
        "audio", port, protocol, formats, payloads, ptimeMs, rtcpMux, direction);
  }

  public boolean isRejected() {
    return port == 0;
  }
}
