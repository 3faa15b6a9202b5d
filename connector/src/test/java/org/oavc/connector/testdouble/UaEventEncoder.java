package org.oavc.connector.testdouble;

/**
 * Encodes E_UA_SESSION notifications byte-identical to OpenSIPS 3.4's event_datagram: a JSON-RPC
 * notification without id, params always in the order key, event_type, entity_type, status, reason,
 * method, body, headers (fact 1).
 */
final class UaEventEncoder {
  private UaEventEncoder() {}

  /**
   * One event; body/headers/reason are wire byte strings or null. entity_type is "UAC" for replies
   * in sessions started by ua_session_client_start (17), else "UAS".
   */
  record UaEvent(
      String key,
      String eventType,
      int status,
      String reason,
      String method,
      String body,
      String headers,
      String entityType) {
    UaEvent(
        String key,
        String eventType,
        int status,
        String reason,
        String method,
        String body,
        String headers) {
      this(key, eventType, status, reason, method, body, headers, "UAS");
    }
  }

  static byte[] encode(UaEvent e) {
    JsonOut out = new JsonOut();
    out.open().field("jsonrpc", "2.0").field("method", "E_UA_SESSION").name("params").open();
    out.field("key", e.key())
        .field("event_type", e.eventType())
        .field("entity_type", e.entityType())
        .field("status", e.status())
        .field("reason", e.reason())
        .field("method", e.method())
        .field("body", e.body())
        .field("headers", e.headers());
    return out.close().close().bytes();
  }
}
