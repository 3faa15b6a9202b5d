package org.oavc.connector.testdouble;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed SIP datagram. Text is kept as byte strings (ISO-8859-1, one char per wire byte) so
 * header lines can be copied into replies and events unchanged.
 */
final class SipMessage {
  private static final Map<String, String> COMPACT =
      Map.of(
          "i",
          "call-id",
          "f",
          "from",
          "t",
          "to",
          "v",
          "via",
          "l",
          "content-length",
          "c",
          "content-type",
          "m",
          "contact",
          "s",
          "subject",
          "k",
          "supported");

  /** One header: lower-case full name, trimmed value, the raw line without its CRLF. */
  record Header(String name, String value, String line) {}

  final String startLine;
  final String method;
  final String requestUri;
  final int status;
  final String reason;
  final List<Header> headers;

  /** Body per Content-Length; null when the message has no Content-Length header. */
  final String body;

  private SipMessage(
      String startLine,
      String method,
      String uri,
      int status,
      String reason,
      List<Header> h,
      String body) {
    this.startLine = startLine;
    this.method = method;
    this.requestUri = uri;
    this.status = status;
    this.reason = reason;
    this.headers = h;
    this.body = body;
  }

  static SipMessage parse(byte[] data) throws MalformedSipException {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new MalformedSipException("no end of headers");
    }
    String[] lines = text.substring(0, end).split("\r\n", -1);
    String start = lines[0];
    List<Header> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
        if (headers.isEmpty()) {
          throw new MalformedSipException("continuation line before any header");
        }
        Header prev = headers.remove(headers.size() - 1);
        headers.add(
            new Header(prev.name(), prev.value() + " " + line.trim(), prev.line() + "\r\n" + line));
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new MalformedSipException("header line without a name: " + line);
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      headers.add(
          new Header(COMPACT.getOrDefault(name, name), line.substring(colon + 1).trim(), line));
    }
    String rest = text.substring(end + 4);
    String body = null;
    String cl = first(headers, "content-length");
    if (cl != null) {
      int len;
      try {
        len = Integer.parseInt(cl.trim());
      } catch (NumberFormatException e) {
        throw new MalformedSipException("bad Content-Length " + cl);
      }
      if (len < 0 || len > rest.length()) {
        throw new MalformedSipException("Content-Length " + len + " beyond the datagram");
      }
      body = rest.substring(0, len);
    }
    String[] parts = start.split(" ", 3);
    if (parts.length < 3) {
      throw new MalformedSipException("bad start line: " + start);
    }
    SipMessage m;
    if (start.startsWith("SIP/2.0 ")) {
      int status;
      try {
        status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new MalformedSipException("bad status code: " + start);
      }
      m = new SipMessage(start, null, null, status, parts[2], headers, body);
    } else if (parts[2].equals("SIP/2.0")) {
      m = new SipMessage(start, parts[0], parts[1], 0, null, headers, body);
    } else {
      throw new MalformedSipException("bad start line: " + start);
    }
    for (String mandatory : List.of("via", "from", "to", "call-id", "cseq")) {
      if (m.header(mandatory) == null) {
        throw new MalformedSipException("missing " + mandatory);
      }
    }
    if (m.cseqMethod() == null) {
      throw new MalformedSipException("bad CSeq");
    }
    return m;
  }

  private static String first(List<Header> headers, String name) {
    return headers.stream()
        .filter(h -> h.name().equals(name))
        .map(Header::value)
        .findFirst()
        .orElse(null);
  }

  boolean isRequest() {
    return method != null;
  }

  String header(String name) {
    return first(headers, name);
  }

  List<Header> all(String name) {
    return headers.stream().filter(h -> h.name().equals(name)).toList();
  }

  /** Every header line with its CRLF, as events carry them (fact 4). */
  String headerBlock() {
    StringBuilder sb = new StringBuilder();
    headers.forEach(h -> sb.append(h.line()).append("\r\n"));
    return sb.toString();
  }

  /** The header block as the script left it: Max-Forwards decremented (02's "69"). */
  String headerBlockAfterMaxForwards() {
    StringBuilder sb = new StringBuilder();
    for (Header h : headers) {
      String line = h.line();
      if (h.name().equals("max-forwards")) {
        try {
          int value = Integer.parseInt(h.value());
          int colon = line.indexOf(':');
          line =
              line.substring(0, colon + 1)
                  + line.substring(colon + 1)
                      .replace(h.value(), Integer.toString(Math.max(0, value - 1)));
        } catch (NumberFormatException e) {
          // left as received
        }
      }
      sb.append(line).append("\r\n");
    }
    return sb.toString();
  }

  String callId() {
    return header("call-id");
  }

  String fromTag() {
    return param(header("from"), "tag");
  }

  String toTag() {
    return param(header("to"), "tag");
  }

  String topBranch() {
    String via = header("via");
    int comma = via.indexOf(',');
    return param(comma > 0 ? via.substring(0, comma) : via, "branch");
  }

  long cseqNumber() {
    try {
      return Long.parseLong(header("cseq").trim().split("\\s+")[0]);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  String cseqMethod() {
    String[] p = header("cseq").trim().split("\\s+");
    return p.length == 2 ? p[1] : null;
  }

  /** A ;name=value parameter of a header value (after the URI), case-insensitive name. */
  static String param(String headerValue, String name) {
    if (headerValue == null) {
      return null;
    }
    int gt = headerValue.lastIndexOf('>');
    String params = gt >= 0 ? headerValue.substring(gt + 1) : headerValue;
    for (String p : params.split(";")) {
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
        return p.substring(eq + 1).trim();
      }
    }
    return null;
  }

  /** The URI of a name-addr or addr-spec header value. */
  static String uri(String headerValue) {
    int lt = headerValue.indexOf('<');
    if (lt >= 0) {
      int gt = headerValue.indexOf('>', lt);
      return headerValue.substring(lt + 1, gt < 0 ? headerValue.length() : gt);
    }
    int semi = headerValue.indexOf(';');
    return (semi >= 0 ? headerValue.substring(0, semi) : headerValue).trim();
  }

  /** The display name part of a header value ("" when there is none), quotes kept. */
  static String displayName(String headerValue) {
    int lt = headerValue.indexOf('<');
    return lt > 0 ? headerValue.substring(0, lt).trim() : "";
  }

  /** The user part of a SIP URI ("" when there is none). */
  static String user(String uri) {
    int colon = uri.indexOf(':');
    int at = uri.indexOf('@');
    return colon >= 0 && at > colon ? uri.substring(colon + 1, at) : "";
  }

  /** Thrown for datagrams that are not SIP; the double counts and drops them. */
  static final class MalformedSipException extends Exception {
    MalformedSipException(String message) {
      super(message, null, false, false);
    }
  }
}
