package org.oavc.connector.testdouble;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Compact JSON writer with OpenSIPS' (cJSON) escaping: only quote, backslash and control characters
 * are escaped, '/' and bytes above 0x7f go out raw. Strings are "byte strings": each char is one
 * wire byte (ISO-8859-1), so SIP bytes survive unchanged.
 */
final class JsonOut {
  private final StringBuilder sb = new StringBuilder(256);
  private boolean needComma;

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** A JSON value parsed by Vert.x (id echo), written back with its JSON type. */
  static String value(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return quote(wire(s));
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    if (v instanceof JsonObject o) {
      return o.encode();
    }
    if (v instanceof JsonArray a) {
      return a.encode();
    }
    return quote(v.toString());
  }

  /** A Unicode string (from parsed JSON) as a byte string of its UTF-8 encoding. */
  static String wire(String unicode) {
    return new String(unicode.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  JsonOut open() {
    comma();
    sb.append('{');
    needComma = false;
    return this;
  }

  JsonOut close() {
    sb.append('}');
    needComma = true;
    return this;
  }

  JsonOut openArray() {
    comma();
    sb.append('[');
    needComma = false;
    return this;
  }

  JsonOut closeArray() {
    sb.append(']');
    needComma = true;
    return this;
  }

  JsonOut name(String name) {
    comma();
    sb.append(quote(name)).append(':');
    needComma = false;
    return this;
  }

  JsonOut str(String value) {
    comma();
    sb.append(value == null ? "null" : quote(value));
    needComma = true;
    return this;
  }

  JsonOut num(long value) {
    comma();
    sb.append(value);
    needComma = true;
    return this;
  }

  JsonOut raw(String json) {
    comma();
    sb.append(json);
    needComma = true;
    return this;
  }

  JsonOut field(String name, String value) {
    return name(name).str(value);
  }

  JsonOut field(String name, long value) {
    return name(name).num(value);
  }

  private void comma() {
    if (needComma) {
      sb.append(',');
    }
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  byte[] bytes() {
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
