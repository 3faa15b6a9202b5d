package org.oavc.connector.opensips;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Params of MI {@code ua_session_update}: a new in-dialog request from our side (re-INVITE, REFER,
 * ACK when flag d is set). Same body rule as {@link UaSessionReply}: extra headers always travel
 * with a body, at least {@code ""}.
 */
public final class UaSessionUpdate {
  private final String key;
  private final String method;
  private final String body;
  private final String extraHeaders;

  private UaSessionUpdate(String key, String method, String body, String extraHeaders) {
    this.key = Objects.requireNonNull(key, "key");
    this.method = Objects.requireNonNull(method, "method");
    this.extraHeaders = extraHeaders;
    this.body = extraHeaders != null && body == null ? "" : body;
  }

  public static UaSessionUpdate of(String key, String method) {
    return new UaSessionUpdate(key, method, null, null);
  }

  /** A blind transfer: REFER with Refer-To (and Referred-By when given). */
  public static UaSessionUpdate refer(String key, String referTo, String referredBy) {
    StringBuilder h = new StringBuilder("Refer-To: <").append(referTo).append(">\r\n");
    if (referredBy != null && !referredBy.isEmpty()) {
      h.append("Referred-By: <").append(referredBy).append(">\r\n");
    }
    return of(key, "REFER").withExtraHeaders(h.toString());
  }

  public UaSessionUpdate withBody(String body) {
    return new UaSessionUpdate(key, method, body, extraHeaders);
  }

  public UaSessionUpdate withExtraHeaders(String headers) {
    return new UaSessionUpdate(key, method, body, SipHeaders.normalize(headers));
  }

  public String key() {
    return key;
  }

  public String method() {
    return method;
  }

  public String body() {
    return body;
  }

  public String extraHeaders() {
    return extraHeaders;
  }

  public JsonObject toParams() {
    JsonObject p = new JsonObject().put("key", key).put("method", method);
    if (body != null) {
      p.put("body", body);
    }
    if (extraHeaders != null) {
      p.put("extra_headers", extraHeaders);
    }
    return p;
  }
}
