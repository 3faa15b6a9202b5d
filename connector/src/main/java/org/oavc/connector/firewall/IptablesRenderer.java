package org.oavc.connector.firewall;

import java.util.List;
import org.oavc.common.net.Cidr;

/**
 * Renders the port model as an {@code iptables-restore} / {@code ip6tables-restore} file that fills
 * our own chain {@value #CHAIN} and nothing else, so it can be loaded with {@code --noflush} next
 * to whatever rules the host already has.
 */
public final class IptablesRenderer {
  public static final String CHAIN = "OAVC-INPUT";

  private IptablesRenderer() {}

  public static String render(PortModel model, boolean ipv6) {
    String tool = ipv6 ? "ip6tables" : "iptables";
    StringBuilder out = new StringBuilder();
    out.append(FirewallFiles.HEADER);
    out.append("# Load it next to the host's rules: ")
        .append(tool)
        .append("-restore --noflush < this file\n");
    out.append("# then hook the chain in once:     ")
        .append(tool)
        .append(" -C INPUT -j ")
        .append(CHAIN)
        .append(" || ")
        .append(tool)
        .append(" -I INPUT 1 -j ")
        .append(CHAIN)
        .append('\n');
    out.append("*filter\n");
    out.append(':').append(CHAIN).append(" - [0:0]\n");
    out.append("-F ").append(CHAIN).append('\n');
    // Host-local traffic (compose host networking talks over lo) is never ours to judge.
    out.append("-A ").append(CHAIN).append(" -i lo -j RETURN\n");
    for (ServicePort p : model.ports(Exposure.PUBLIC)) {
      out.append(rule(p, null, "ACCEPT"));
    }
    List<Cidr> trusted = model.internalCidrs(ipv6);
    for (ServicePort p : model.ports(Exposure.INTERNAL)) {
      for (Cidr c : trusted) {
        out.append(rule(p, c, "ACCEPT"));
      }
      out.append(rule(p, null, "DROP"));
    }
    out.append("COMMIT\n");
    return out.toString();
  }

  private static String rule(ServicePort p, Cidr source, String target) {
    StringBuilder r = new StringBuilder("-A ").append(CHAIN);
    if (source != null) {
      r.append(" -s ").append(source.withPrefix());
    }
    String proto = p.transport().keyword();
    r.append(" -p ")
        .append(proto)
        .append(" -m ")
        .append(proto)
        .append(" --dport ")
        .append(p.coloned())
        .append(" -m comment --comment \"oavc ")
        .append(p.name())
        .append(" (")
        .append(p.settingKey())
        .append(")\"")
        .append(" -j ")
        .append(target)
        .append('\n');
    return r.toString();
  }
}
