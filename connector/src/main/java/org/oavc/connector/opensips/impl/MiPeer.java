package org.oavc.connector.opensips.impl;

import io.vertx.core.datagram.DatagramPacket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.oavc.connector.opensips.MiClientOptions;

/**
 * Where mi_datagram listens. Its replies come from exactly that address and port; anything else
 * reaching our socket is not a reply. {@code address} is null for a host name, which is never
 * resolved here, so only the port is compared then.
 */
record MiPeer(InetAddress address, int port) {

  static MiPeer of(MiClientOptions options) {
    return new MiPeer(literal(options.getHost()), options.getPort());
  }

  boolean sent(DatagramPacket packet) {
    return packet.sender().port() == port
        && (address == null || address.equals(literal(packet.sender().host())));
  }

  /** A loopback target gets a loopback-only socket: nothing else can reach our port then. */
  String bindHost(boolean ipv6) {
    if (address != null && address.isLoopbackAddress()) {
      return address.getHostAddress();
    }
    return ipv6 ? "::" : "0.0.0.0";
  }

  /** The address of an IP literal, or null for a host name (never a DNS lookup). */
  static InetAddress literal(String host) {
    String h = host.replace("[", "").replace("]", "");
    boolean isLiteral = h.contains(":")
        || (!h.isEmpty() && h.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch)));
    try {
      return isLiteral ? InetAddress.getByName(h) : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
