package org.oavc.connector.opensips.impl;

import io.vertx.core.datagram.DatagramPacket;
import java.net.InetAddress;
import org.oavc.common.net.IpLiteral;
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
    return IpLiteral.parse(host).orElse(null);
  }
}
