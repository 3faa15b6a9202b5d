package org.oavc.connector.firewall;

import org.oavc.common.net.Cidr;

/**
 * Renders the port model as ufw commands. ufw has no private chain, so these add to ufw's own rule
 * list; ufw skips rules it already has, which keeps re-running the script harmless. The
 * trusted-source allows come before the denies because ufw stops at the first match.
 */
public final class UfwRenderer {
  private UfwRenderer() {}

  public static String render(PortModel model) {
    StringBuilder out = new StringBuilder("#!/bin/sh\n");
    out.append(FirewallFiles.HEADER);
    out.append("# ufw equivalents of rules.v4/rules.v6; ufw applies IPv6 too when IPV6=yes.\n");
    out.append("set -e\n");
    for (ServicePort p : model.ports(Exposure.PUBLIC)) {
      out.append("ufw allow ")
          .append(p.coloned())
          .append('/')
          .append(p.transport().keyword())
          .append(comment(p))
          .append('\n');
    }
    for (ServicePort p : model.ports(Exposure.INTERNAL)) {
      for (Cidr c : model.internalCidrs()) {
        out.append("ufw allow from ")
            .append(c.withPrefix())
            .append(" to any port ")
            .append(p.coloned())
            .append(" proto ")
            .append(p.transport().keyword())
            .append(comment(p))
            .append('\n');
      }
    }
    for (ServicePort p : model.ports(Exposure.INTERNAL)) {
      out.append("ufw deny ")
          .append(p.coloned())
          .append('/')
          .append(p.transport().keyword())
          .append(comment(p))
          .append('\n');
    }
    return out.toString();
  }

  private static String comment(ServicePort p) {
    return " comment 'oavc " + p.name() + " (" + p.settingKey() + ")'";
  }
}
