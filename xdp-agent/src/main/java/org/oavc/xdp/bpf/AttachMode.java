package org.oavc.xdp.bpf;

/** XDP attach modes, as requested and as reported by the kernel. */
public enum AttachMode {
  NATIVE,
  GENERIC,
  NONE,
  OTHER;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses "native"/"drv" or "generic"/"skb". */
  public static AttachMode parse(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "native", "drv", "driver" -> NATIVE;
      case "generic", "skb" -> GENERIC;
      default ->
          throw new IllegalArgumentException("attach mode must be native or generic: " + text);
    };
  }
}
