package org.oavc.connector.testdouble;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One datagram the double saw or sent, for tests to assert on.
 *
 * @param channel "sip", "mi" or "event"
 * @param outgoing true when the double sent it
 * @param local the double's socket
 * @param peer the other end
 * @param bytes the exact datagram
 */
public record WireRecord(
    Instant time,
    String channel,
    boolean outgoing,
    InetSocketAddress local,
    InetSocketAddress peer,
    byte[] bytes) {

  /** The datagram as ISO-8859-1 text (every byte one char, NULs included). */
  public String text() {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** The first line, e.g. "SIP/2.0 200 OK" or "BYE sip:... SIP/2.0". */
  public String firstLine() {
    String t = text();
    int eol = t.indexOf("\r\n");
    return eol < 0 ? t : t.substring(0, eol);
  }
}
