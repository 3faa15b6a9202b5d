package org.oavc.connector.opensips;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One {@code E_UA_SESSION} notification from OpenSIPS b2b_entities. Fields are read by name; {@code
 * reason}, {@code body} and {@code headers} may be null ({@code body} is {@code ""} for {@code
 * Content-Length: 0} and null when the message had no Content-Length or flag b is off).
 */
public record UaSessionEvent(
    String key,
    Type eventType,
    String entityType,
    int status,
    String reason,
    String method,
    String body,
    String headers) {

  /** The event name OpenSIPS raises for UA sessions. */
  public static final String EVENT_NAME = "E_UA_SESSION";

  public enum Type {
    NEW,
    EARLY,
    ANSWERED,
    REJECTED,
    UPDATED,
    TERMINATED
  }

  /** True for events that report a request from the caller (status 0), false for replies. */
  public boolean isRequest() {
    return status == 0;
  }

  /** A header value from {@link #headers()}, or null. */
  public String header(String name, String compact) {
    return SipHeaders.value(headers, name, compact);
  }

  /**
   * Parses one event datagram. Anything that is not a well-formed E_UA_SESSION notification fails
   * with a {@link MalformedEventException} whose {@code reason()} is a short metric label.
   */
  public static UaSessionEvent parse(Buffer datagram) {
    JsonObject root;
    try {
      Object decoded = io.vertx.core.json.Json.decodeValue(datagram);
      if (!(decoded instanceof JsonObject)) {
        throw new MalformedEventException("not_object", "event datagram is not a JSON object");
      }
      root = (JsonObject) decoded;
    } catch (DecodeException e) {
      throw new MalformedEventException(
          "not_json", "event datagram is not JSON: " + e.getMessage());
    }
    Object method = root.getValue("method");
    if (!EVENT_NAME.equals(method)) {
      throw new MalformedEventException("unknown_event", "unsupported event " + method);
    }
    Object p = root.getValue("params");
    if (!(p instanceof JsonObject)) {
      throw new MalformedEventException("bad_params", "E_UA_SESSION params is not an object");
    }
    JsonObject params = (JsonObject) p;
    String key = requiredString(params, "key");
    if (key.isEmpty()) {
      throw new MalformedEventException("bad_field", "E_UA_SESSION key is empty");
    }
    String typeName = requiredString(params, "event_type");
    Type type;
    try {
      type = Type.valueOf(typeName);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException("unknown_event_type", "unknown event_type " + typeName);
    }
    Object status = params.getValue("status");
    if (!(status instanceof Number)
        || ((Number) status).doubleValue() != ((Number) status).intValue()) {
      throw new MalformedEventException(
          "bad_field", "E_UA_SESSION status is not an integer: " + status);
    }
    int code = ((Number) status).intValue();
    if (code != 0 && (code < 100 || code > 699)) {
      // 0 marks a request; anything else must be a SIP status code.
      throw new MalformedEventException("bad_field", "E_UA_SESSION status out of range: " + code);
    }
    return new UaSessionEvent(
        key,
        type,
        optionalString(params, "entity_type"),
        ((Number) status).intValue(),
        optionalString(params, "reason"),
        requiredString(params, "method"),
        optionalString(params, "body"),
        optionalString(params, "headers"));
  }

  private static String requiredString(JsonObject o, String name) {
    Object v = o.getValue(name);
    if (!(v instanceof String)) {
      throw new MalformedEventException(
          "bad_field", "E_UA_SESSION " + name + " is not a string: " + v);
    }
    return (String) v;
  }

  private static String optionalString(JsonObject o, String name) {
    Object v = o.getValue(name);
    if (v != null && !(v instanceof String)) {
      throw new MalformedEventException(
          "bad_field", "E_UA_SESSION " + name + " is not a string or null");
    }
    return (String) v;
  }
}
