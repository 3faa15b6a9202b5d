package org.oavc.connector.firewall;

import java.util.List;
import java.util.stream.Collectors;
import org.oavc.common.net.Cidr;

/**
 * Renders the port model as an {@code nft -f} file for our own {@code inet} table. The file
 * creates, deletes and re-creates the table in one transaction, so loading it is atomic and loading
 * it twice changes nothing.
 */
public final class NftRenderer {
  public static final String TABLE = "oavc";

  private NftRenderer() {}

  public static String render(PortModel model) {
    StringBuilder out = new StringBuilder();
    out.append(FirewallFiles.HEADER);
    out.append("# Load atomically (idempotent): nft -f this file\n");
    out.append("table inet ").append(TABLE).append('\n');
    out.append("delete table inet ").append(TABLE).append('\n');
    out.append("table inet ").append(TABLE).append(" {\n");
    set(out, "internal_v4", "ipv4_addr", model.internalCidrs(false));
    set(out, "internal_v6", "ipv6_addr", model.internalCidrs(true));
    out.append("\tchain input {\n");
    out.append("\t\ttype filter hook input priority filter; policy accept;\n");
    out.append("\t\tiifname \"lo\" accept\n");
    for (ServicePort p : model.ports(Exposure.PUBLIC)) {
      out.append("\t\t").append(match(p)).append(" accept").append(comment(p)).append('\n');
    }
    for (ServicePort p : model.ports(Exposure.INTERNAL)) {
      out.append("\t\t").append(match(p)).append(" ip saddr @internal_v4 accept\n");
      out.append("\t\t").append(match(p)).append(" ip6 saddr @internal_v6 accept\n");
      out.append("\t\t").append(match(p)).append(" counter drop").append(comment(p)).append('\n');
    }
    out.append("\t}\n}\n");
    return out.toString();
  }

  private static void set(StringBuilder out, String name, String type, List<Cidr> cidrs) {
    out.append("\tset ").append(name).append(" {\n");
    out.append("\t\ttype ").append(type).append('\n');
    out.append("\t\tflags interval\n");
    if (!cidrs.isEmpty()) {
      out.append("\t\telements = { ")
          .append(cidrs.stream().map(Cidr::withPrefix).collect(Collectors.joining(", ")))
          .append(" }\n");
    }
    out.append("\t}\n");
  }

  private static String match(ServicePort p) {
    return p.transport().keyword() + " dport " + p.dashed();
  }

  private static String comment(ServicePort p) {
    return " comment \"oavc " + p.name() + " (" + p.settingKey() + ")\"";
  }
}
