package org.oavc.connector.testdouble;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the SIP messages OpenSIPS 3.4.18 puts on the wire, header order as captured, including its
 * extra_headers defect (fact 15): without a body the headers become junk bytes of the same length;
 * with a body (even "") a Content-Type: application/sdp comes first.
 */
final class SipWriter {
  static final String SERVER = "OpenSIPS (3.4.18 (x86_64/linux))";
  private static final String STALE = "Content-Type: application/sdp\r\n";

  private SipWriter() {}

  /** Reply details; null members are left out. */
  record ReplySpec(
      int code,
      String reason,
      String toTag,
      String contact,
      String body,
      String contentType,
      String extraHeaders) {}

  static byte[] reply(SipMessage req, ReplySpec s) {
    StringBuilder sb = new StringBuilder(512);
    sb.append("SIP/2.0 ").append(s.code()).append(' ').append(s.reason()).append("\r\n");
    req.all("via").forEach(h -> sb.append(h.line()).append("\r\n"));
    String to =
        req.headers.stream().filter(h -> h.name().equals("to")).findFirst().orElseThrow().line();
    if (s.toTag() != null && req.toTag() == null) {
      to = to + ";tag=" + s.toTag();
    }
    sb.append(to).append("\r\n");
    for (String name : new String[] {"from", "call-id", "cseq"}) {
      req.headers.stream()
          .filter(h -> h.name().equals(name))
          .findFirst()
          .ifPresent(h -> sb.append(h.line()).append("\r\n"));
    }
    appendBodyHeaders(sb, s.body(), s.contentType(), s.extraHeaders());
    if (s.contact() != null) {
      sb.append("Contact: <").append(s.contact()).append(">\r\n");
    }
    sb.append("Server: ").append(SERVER).append("\r\n");
    String body = s.body() == null ? "" : s.body();
    sb.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** In-dialog request details for a UAS session (we are the callee side). */
  record RequestSpec(
      String method,
      String requestUri,
      String viaHostPort,
      String branch,
      String to,
      String from,
      long cseq,
      String callId,
      String contact,
      String body,
      String contentType,
      String extraHeaders,
      boolean staleContentType) {}

  static byte[] request(RequestSpec s) {
    StringBuilder sb = new StringBuilder(512);
    String body = s.body() == null ? "" : s.body();
    sb.append(s.method()).append(' ').append(s.requestUri()).append(" SIP/2.0\r\n");
    sb.append("Via: SIP/2.0/UDP ")
        .append(s.viaHostPort())
        .append(";branch=")
        .append(s.branch())
        .append("\r\n");
    sb.append("To: ").append(s.to()).append("\r\n");
    sb.append("From: ").append(s.from()).append("\r\n");
    sb.append("CSeq: ").append(s.cseq()).append(' ').append(s.method()).append("\r\n");
    sb.append("Call-ID: ").append(s.callId()).append("\r\n");
    sb.append("Max-Forwards: 70\r\n");
    sb.append("Content-Length: ").append(body.length()).append("\r\n");
    sb.append("User-Agent: ").append(SERVER).append("\r\n");
    if (s.staleContentType() && s.body() == null && s.extraHeaders() != null) {
      sb.append(STALE); // ua_session_terminate's BYE with extra_headers (03)
    }
    appendBodyHeaders(sb, s.body(), s.contentType(), s.extraHeaders());
    sb.append("Contact: <").append(s.contact()).append(">\r\n\r\n").append(body);
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** tm's own ACK for a non-2xx final reply: its header order, no Contact (09, 488). */
  static byte[] hopByHopAck(
      String requestUri,
      String viaHostPort,
      String branch,
      String from,
      String callId,
      String to,
      long cseq) {
    String ack =
        "ACK "
            + requestUri
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP "
            + viaHostPort
            + ";branch="
            + branch
            + "\r\n"
            + "From: "
            + from
            + "\r\n"
            + "Call-ID: "
            + callId
            + "\r\n"
            + "To: "
            + to
            + "\r\n"
            + "CSeq: "
            + cseq
            + " ACK\r\n"
            + "Max-Forwards: 70\r\n"
            + "User-Agent: "
            + SERVER
            + "\r\n"
            + "Content-Length: 0\r\n\r\n";
    return ack.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * tm's CANCEL of an outbound INVITE (17): with Contact when ua_session_terminate asks for it,
   * with a Reason and no Contact when fr_inv_timeout does.
   */
  static byte[] cancel(
      String requestUri,
      String viaHostPort,
      String branch,
      String from,
      String callId,
      String to,
      long cseq,
      String contact,
      String reason) {
    StringBuilder sb = new StringBuilder(400);
    sb.append("CANCEL ").append(requestUri).append(" SIP/2.0\r\n");
    sb.append("Via: SIP/2.0/UDP ").append(viaHostPort).append(";branch=").append(branch);
    sb.append("\r\nFrom: ").append(from).append("\r\nCall-ID: ").append(callId);
    sb.append("\r\nTo: ").append(to).append("\r\nCSeq: ").append(cseq).append(" CANCEL\r\n");
    sb.append("Max-Forwards: 70\r\n");
    if (contact != null) {
      sb.append("Contact: <").append(contact).append(">\r\n");
    }
    if (reason != null) {
      sb.append("Reason: ").append(reason).append("\r\n");
    }
    sb.append("User-Agent: ").append(SERVER).append("\r\nContent-Length: 0\r\n\r\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void appendBodyHeaders(
      StringBuilder sb, String body, String contentType, String extraHeaders) {
    if (body != null) {
      sb.append("Content-Type: ")
          .append(contentType == null ? "application/sdp" : contentType)
          .append("\r\n");
      if (extraHeaders != null) {
        sb.append(extraHeaders);
      }
    } else if (extraHeaders != null) {
      sb.append(junk(extraHeaders.length()));
    }
  }

  /** Stale buffer bytes in place of extra_headers: 05 call 5 shows "Content-Type: app". */
  static String junk(int length) {
    StringBuilder j = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      j.append(i < STALE.length() ? STALE.charAt(i) : '\0');
    }
    return j.toString();
  }

  /** A tm-style branch: z9hG4bK + hash.random.0 as in the captures. */
  static String newBranch() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "z9hG4bK"
        + Integer.toHexString(r.nextInt(0x1000, 0x10000))
        + "."
        + Integer.toHexString(r.nextInt(0x10000000, Integer.MAX_VALUE))
        + ".0";
  }

  /** The To-tag tm puts on "200 canceling" (04: bcaa-be90...). */
  static String newCancelTag() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    StringBuilder sb =
        new StringBuilder(Integer.toHexString(r.nextInt(0x1000, 0x10000))).append('-');
    for (int i = 0; i < 32; i++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.toString();
  }
}
