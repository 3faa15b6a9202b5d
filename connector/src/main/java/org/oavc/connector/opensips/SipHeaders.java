package org.oavc.connector.opensips;

/** Small helpers over raw SIP header blocks as E_UA_SESSION carries them (CRLF lines). */
public final class SipHeaders {
  private SipHeaders() {}

  /** Ensures every header line ends in CRLF; rejects CR/LF injection inside a line. */
  static String normalize(String headers) {
    if (headers == null || headers.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (String line : headers.split("\r\n|\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.indexOf('\r') >= 0 || line.indexOf(':') <= 0) {
        throw new IllegalArgumentException("not a header line: " + line);
      }
      out.append(line).append("\r\n");
    }
    return out.length() == 0 ? null : out.toString();
  }

  /**
   * The value of the first header named {@code name} (or its compact form), or null. Folded
   * continuation lines are not used by the UAs we face; they are read as part of the value.
   */
  public static String value(String headers, String name, String compact) {
    if (headers == null) {
      return null;
    }
    // A scan over the lines in place: this runs several times per NEW on the set-up path, where
    // a regex split of the whole block cost more than the rest of the lookup.
    int start = 0;
    int length = headers.length();
    while (start < length) {
      int newline = headers.indexOf('\n', start);
      int end = newline < 0 ? length : newline;
      int lineEnd = end > start && headers.charAt(end - 1) == '\r' ? end - 1 : end;
      int colon = headers.indexOf(':', start);
      if (colon > start && colon < lineEnd) {
        String n = headers.substring(start, colon).trim();
        if (n.equalsIgnoreCase(name) || (compact != null && n.equalsIgnoreCase(compact))) {
          return headers.substring(colon + 1, lineEnd).trim();
        }
      }
      start = end + 1;
    }
    return null;
  }

  /** The user part of the first sip:/sips:/tel: URI in a From/To value, or null. */
  public static String uriUser(String nameAddr) {
    if (nameAddr == null) {
      return null;
    }
    int lt = nameAddr.indexOf('<');
    String uri =
        lt >= 0
            ? nameAddr.substring(lt + 1, Math.max(lt + 1, nameAddr.indexOf('>', lt)))
            : nameAddr;
    int colon = uri.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String rest = uri.substring(colon + 1);
    int at = rest.indexOf('@');
    if (at < 0) {
      return uri.startsWith("tel:") ? rest.split("[;>]")[0] : null;
    }
    return rest.substring(0, at);
  }
}
