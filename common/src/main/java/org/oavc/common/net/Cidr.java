package org.oavc.common.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 prefix, host bits cleared. Parsing accepts address literals only (never a host
 * name, so no DNS lookup can happen).
 *
 * @param address the network address (4 or 16 bytes)
 * @param prefix prefix length within the family (0..32 or 0..128)
 */
public record Cidr(byte[] address, int prefix) {
  public Cidr {
    address = mask(address.clone(), prefix);
  }

  /**
   * Parses {@code a.b.c.d[/n]} or {@code x:y::z[/n]}, clearing host bits; throws
   * IllegalArgumentException. {@code ::ffff:a.b.c.d/n} is the IPv4 network {@code a.b.c.d/(n-96)}.
   */
  public static Cidr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty address");
    }
    String s = text.trim();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes =
        IpLiteral.parse(addr)
            .filter(a -> !addr.startsWith("["))
            .map(java.net.InetAddress::getAddress)
            .orElseThrow(() -> new IllegalArgumentException("not an IPv4/IPv6 address: " + text));
    // Java turns ::ffff:a.b.c.d into an IPv4 address; its prefix is then counted from 96
    int offset = addr.contains(":") && bytes.length == 4 ? 96 : 0;
    int max = offset + bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > max || Integer.parseInt(p) < offset) {
        throw new IllegalArgumentException(
            "prefix length must be " + offset + ".." + max + ": " + text);
      }
      prefix = Integer.parseInt(p);
    }
    return new Cidr(bytes, prefix - offset);
  }

  /**
   * Like {@link #parse}, but an address with host bits set after its prefix is refused, not
   * cleared: where the operator wrote a network and a silent widening would surprise.
   */
  public static Cidr parseNetwork(String text) {
    Cidr c = parse(text);
    String s = text.trim();
    byte[] written = parse(s.contains("/") ? s.substring(0, s.indexOf('/')) : s).address();
    if (!java.util.Arrays.equals(written, c.address())) {
      throw new IllegalArgumentException(text.trim() + " has host bits set after /" + c.prefix());
    }
    return c;
  }

  /** {@code address/prefix} always, hosts too ({@code 10.0.0.7/32}): as firewall rules want it. */
  public String withPrefix() {
    String s = toString();
    return host() ? s + "/" + prefix : s;
  }

  public boolean ipv4() {
    return address.length == 4;
  }

  /** True for a single host (/32 or /128): stored in the exact-match hash. */
  public boolean host() {
    return prefix == address.length * 8;
  }

  /** The 16-byte key the program uses: IPv4 as ::ffff:a.b.c.d. */
  public byte[] mappedAddress() {
    if (!ipv4()) {
      return address.clone();
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(address, 0, mapped, 12, 4);
    return mapped;
  }

  public int mappedPrefix() {
    return ipv4() ? 96 + prefix : prefix;
  }

  /**
   * Whether {@code ip} lies in this prefix. An IPv4-mapped IPv6 address (how a dual-stack socket
   * may see an IPv4 sender) matches the IPv4 prefix.
   */
  public boolean contains(InetAddress ip) {
    byte[] candidate = ip.getAddress();
    byte[] key = candidate.length == 4 ? new Cidr(candidate, 32).mappedAddress() : candidate;
    byte[] network = mappedAddress();
    int bits = mappedPrefix();
    for (int bit = 0; bit < bits; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((key[bit / 8] & mask) != (network[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** Inverse of {@link #mappedAddress()}/{@link #mappedPrefix()}. */
  public static Cidr fromMapped(byte[] addr16, int mappedPrefix) {
    boolean v4 = mappedPrefix >= 96 && isV4Mapped(addr16);
    if (v4) {
      byte[] v4addr = new byte[4];
      System.arraycopy(addr16, 12, v4addr, 0, 4);
      return new Cidr(v4addr, mappedPrefix - 96);
    }
    return new Cidr(addr16, mappedPrefix);
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  private static byte[] mask(byte[] a, int prefix) {
    if (a.length != 4 && a.length != 16) {
      throw new IllegalArgumentException("address must have 4 or 16 bytes");
    }
    if (prefix < 0 || prefix > a.length * 8) {
      throw new IllegalArgumentException("prefix out of range: " + prefix);
    }
    for (int bit = prefix; bit < a.length * 8; bit++) {
      a[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return a;
  }

  @Override
  public String toString() {
    try {
      InetAddress ia = InetAddress.getByAddress(address);
      String text = ia instanceof Inet4Address ? ia.getHostAddress() : compress(ia);
      return host() ? text : text + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Canonical RFC 5952-style text (Java prints IPv6 uncompressed). */
  private static String compress(InetAddress ia) {
    String full = ia.getHostAddress();
    String best = null;
    for (String run = ":0:0:0:0:0:0:0:0:"; run.length() >= 5; run = run.substring(2)) {
      String padded = ":" + full + ":";
      int at = padded.indexOf(run);
      if (at >= 0) {
        best = (padded.substring(0, at) + "::" + padded.substring(at + run.length()));
        best =
            best.substring(
                best.startsWith("::") ? 0 : 1, best.length() - (best.endsWith("::") ? 0 : 1));
        break;
      }
    }
    return best != null ? best : full;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.address, address);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(address) * 31 + prefix;
  }
}
