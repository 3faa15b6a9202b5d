package org.oavc.connector.opensips.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.oavc.connector.opensips.MiException;

/**
 * One datagram from mi_datagram, decoded. {@code id} is null when the reply carries none (plain
 * text such as {@code 400 Parse_error}, or JSON with {@code "id":null}): such replies can only be
 * matched by order. Exactly one of {@code result}/{@code error} is meaningful; {@code result} may
 * itself be null.
 */
record MiReply(String id, Object result, MiException error) {

  /** "NNN text", as mi_datagram writes when it cannot produce JSON. */
  private static final Pattern PLAIN_TEXT = Pattern.compile("(\\d{3}) ([^\\r\\n]*)\\s*");

  boolean hasId() {
    return id != null;
  }

  /**
   * Decodes a reply datagram; garbage yields null (nothing to match it to). Numeric ids are turned
   * into their decimal string: we only send string ids, so this is leniency only.
   */
  static MiReply decode(Buffer datagram) {
    String text = datagram.toString(StandardCharsets.UTF_8);
    int start = 0;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    if (start < text.length() && text.charAt(start) == '{') {
      JsonObject root;
      try {
        root = new JsonObject(datagram);
      } catch (DecodeException | ClassCastException e) {
        return null;
      }
      return fromJson(root);
    }
    Matcher m = PLAIN_TEXT.matcher(text);
    if (m.matches()) {
      return new MiReply(
          null, null, new MiException(Integer.parseInt(m.group(1)), m.group(2).trim(), null));
    }
    return null;
  }

  private static MiReply fromJson(JsonObject root) {
    String id = idOf(root.getValue("id"));
    Object error = root.getValue("error");
    if (error instanceof JsonObject e) {
      Object code = e.getValue("code");
      Object message = e.getValue("message");
      Object data = e.getValue("data");
      return new MiReply(
          id,
          null,
          new MiException(
              code instanceof Number n ? n.intValue() : 0,
              message == null ? "(no message)" : message.toString(),
              data == null ? null : data.toString()));
    }
    if (error != null || !root.containsKey("result")) {
      return new MiReply(id, null, new MiException(0, "malformed MI reply", root.encode()));
    }
    return new MiReply(id, root.getValue("result"), null);
  }

  private static String idOf(Object id) {
    if (id instanceof String s) {
      return s;
    }
    if (id instanceof Number n) {
      return Long.toString(n.longValue());
    }
    return null;
  }
}
