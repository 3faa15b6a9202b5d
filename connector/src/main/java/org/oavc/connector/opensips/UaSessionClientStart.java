package org.oavc.connector.opensips;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Params of MI {@code ua_session_client_start}: an outbound call with OpenSIPS as the caller. The
 * URIs go bare ({@code sip:user@host}): OpenSIPS wraps them in angle brackets itself, and a
 * bracketed one breaks every reply (17-outbound). Extra headers always travel with a body (see
 * {@link UaSessionReply}), so this builder has none without one.
 */
public final class UaSessionClientStart {
  private final String requestUri;
  private final String to;
  private final String from;
  private final String body;
  private final String extraHeaders;
  private final String flags;

  private UaSessionClientStart(
      String requestUri, String to, String from, String body, String extraHeaders, String flags) {
    this.requestUri = Objects.requireNonNull(requestUri, "requestUri");
    this.to = Objects.requireNonNull(to, "to");
    this.from = Objects.requireNonNull(from, "from");
    this.body = body;
    this.extraHeaders = extraHeaders;
    this.flags = flags;
  }

  /** A call to {@code to} (also the request URI) from {@code from}. */
  public static UaSessionClientStart of(String to, String from) {
    return new UaSessionClientStart(to, to, from, null, null, null);
  }

  /** Our SDP offer, sent in the INVITE. */
  public UaSessionClientStart withBody(String sdp) {
    return new UaSessionClientStart(requestUri, to, from, sdp, extraHeaders, flags);
  }

  /** CRLF-terminated header lines; only sent along with a body (OpenSIPS 3.4 garbles them else). */
  public UaSessionClientStart withExtraHeaders(String headers) {
    return new UaSessionClientStart(
        requestUri, to, from, body, SipHeaders.normalize(headers), flags);
  }

  /** b2b flags, e.g. {@code rbh} (events with body and headers, replies reported). */
  public UaSessionClientStart withFlags(String flags) {
    return new UaSessionClientStart(requestUri, to, from, body, extraHeaders, flags);
  }

  public String requestUri() {
    return requestUri;
  }

  public String to() {
    return to;
  }

  public String from() {
    return from;
  }

  public String body() {
    return body;
  }

  public String flags() {
    return flags;
  }

  public JsonObject toParams() {
    JsonObject p = new JsonObject().put("ruri", requestUri).put("to", to).put("from", from);
    if (body != null) {
      p.put("body", body);
      if (extraHeaders != null && !extraHeaders.isEmpty()) {
        p.put("extra_headers", extraHeaders);
      }
    }
    if (flags != null) {
      p.put("flags", flags);
    }
    return p;
  }
}
