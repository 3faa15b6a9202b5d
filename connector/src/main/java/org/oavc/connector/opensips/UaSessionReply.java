package org.oavc.connector.opensips;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Params of MI {@code ua_session_reply}. The builder enforces the OpenSIPS 3.4 rule seen in the
 * wire captures: {@code extra_headers} without a {@code body} put uninitialised memory on the wire,
 * so a body ({@code ""} at least) always travels with extra headers.
 */
public final class UaSessionReply {
  private final String key;
  private final String method;
  private final int code;
  private final String reason;
  private final String body;
  private final String extraHeaders;

  private UaSessionReply(
      String key, String method, int code, String reason, String body, String extraHeaders) {
    this.key = Objects.requireNonNull(key, "key");
    this.method = Objects.requireNonNull(method, "method");
    if (code < 100 || code > 699) {
      throw new IllegalArgumentException("SIP status code out of range: " + code);
    }
    this.code = code;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.extraHeaders = extraHeaders;
    this.body = extraHeaders != null && body == null ? "" : body;
  }

  public static UaSessionReply of(String key, String method, int code, String reason) {
    return new UaSessionReply(key, method, code, reason, null, null);
  }

  /** The reply body (an SDP answer); content type defaults to application/sdp in OpenSIPS. */
  public UaSessionReply withBody(String body) {
    return new UaSessionReply(key, method, code, reason, body, extraHeaders);
  }

  /** CRLF-terminated header lines, e.g. {@code "Retry-After: 30\r\n"}. */
  public UaSessionReply withExtraHeaders(String headers) {
    return new UaSessionReply(key, method, code, reason, body, SipHeaders.normalize(headers));
  }

  public String key() {
    return key;
  }

  public String method() {
    return method;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public String body() {
    return body;
  }

  public String extraHeaders() {
    return extraHeaders;
  }

  /** Named params in the order OpenSIPS documents them. */
  public JsonObject toParams() {
    JsonObject p =
        new JsonObject()
            .put("key", key)
            .put("method", method)
            .put("code", code)
            .put("reason", reason);
    if (body != null) {
      p.put("body", body);
    }
    if (extraHeaders != null) {
      p.put("extra_headers", extraHeaders);
    }
    return p;
  }
}
