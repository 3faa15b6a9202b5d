package org.oavc.connector.firewall;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.oavc.common.settings.ConfigException;

/** An IPv4 or IPv6 network in CIDR notation, validated without any name lookup. */
public record Cidr(String text, boolean ipv6) {

  /** Parses {@code 10.0.0.0/8}, {@code ::1/128} or a bare address (a /32 or /128). */
  public static Cidr parse(String raw) {
    String s = raw.trim();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    // Literal characters only: InetAddress would otherwise try DNS for a typo like "lan".
    if (addr.isEmpty() || !addr.matches("[0-9A-Fa-f:.]+")) {
      throw new ConfigException("INTERNAL_CIDRS: '" + raw + "' is not an IP network");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException("INTERNAL_CIDRS: '" + raw + "' is not an IP network");
    }
    boolean v6 = bytes.length == 16;
    int max = v6 ? 128 : 32;
    int prefix;
    try {
      prefix = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException("INTERNAL_CIDRS: bad prefix length in '" + raw + "'");
    }
    if (prefix < 0 || prefix > max) {
      throw new ConfigException("INTERNAL_CIDRS: prefix of '" + raw + "' is not in 0.." + max);
    }
    if (hasHostBits(bytes, prefix)) {
      // nft refuses such networks and iptables silently widens them: make the operator decide.
      throw new ConfigException("INTERNAL_CIDRS: '" + raw + "' has host bits set after /" + prefix);
    }
    return new Cidr(addr + "/" + prefix, v6);
  }


  private static boolean hasHostBits(byte[] bytes, int prefix) {
    for (int bit = prefix; bit < bytes.length * 8; bit++) {
      if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        return true;
      }
    }
    return false;
  }
}
