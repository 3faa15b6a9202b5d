package org.oavc.connector.sdp;

/** One {@code a=} line: {@code a=name} (value null) or {@code a=name:value}. */
public record SdpAttribute(String name, String value) {

  /** Splits the text after {@code a=} at the first colon. */
  public static SdpAttribute parse(String text) {
    int colon = text.indexOf(':');
    return colon < 0
        ? new SdpAttribute(text.trim(), null)
        : new SdpAttribute(text.substring(0, colon).trim(), text.substring(colon + 1).trim());
  }

  @Override
  public String toString() {
    return value == null ? "a=" + name : "a=" + name + ":" + value;
  }
}
