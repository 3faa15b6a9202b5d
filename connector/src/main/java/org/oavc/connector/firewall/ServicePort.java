package org.oavc.connector.firewall;

/**
 * One port (or contiguous range) that a component listens on.
 *
 * @param name what listens there, used in rule comments
 * @param settingKey the config key the port comes from ({@code FIRST..LAST} for a range)
 */
public record ServicePort(
    String name,
    String settingKey,
    Transport transport,
    int fromPort,
    int toPort,
    Exposure exposure) {

  public ServicePort {
    if (fromPort < 1 || toPort > 65535 || toPort < fromPort) {
      throw new IllegalArgumentException(
          name + ": bad port range " + fromPort + "-" + toPort + " (" + settingKey + ")");
    }
  }

  public boolean isRange() {
    return toPort != fromPort;
  }

  /** {@code 5060} or {@code 35000-35100}, as nft writes ranges. */
  public String dashed() {
    return isRange() ? fromPort + "-" + toPort : Integer.toString(fromPort);
  }

  /** {@code 5060} or {@code 35000:35100}, as iptables and ufw write ranges. */
  public String coloned() {
    return isRange() ? fromPort + ":" + toPort : Integer.toString(fromPort);
  }
}
