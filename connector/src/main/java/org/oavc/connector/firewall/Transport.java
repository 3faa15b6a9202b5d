package org.oavc.connector.firewall;

import java.util.Locale;

/** Layer-4 protocol of a port, spelled as iptables, nft and ufw spell it. */
public enum Transport {
  UDP,
  TCP;

  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
