package org.oavc.connector.sdp;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.oavc.common.net.IpLiteral;

/**
 * A {@code c=IN <addressType> <address>} line. The address is kept as written (brackets and any
 * {@code /ttl} suffix removed); {@link #inetAddress()} accepts IP literals only, never DNS names.
 */
public record Connection(String addressType, String address) {

  /** The address, or an SdpException when it is no IP literal of the stated type. */
  public InetAddress inetAddress() throws SdpException {
    InetAddress a =
        IpLiteral.parse(address)
            .orElseThrow(() -> new SdpException("c= address is not an IP literal: " + address));
    if (!addressTypeOf(a).equals(addressType)) {
      throw new SdpException("c= address " + address + " is not of type " + addressType);
    }
    return a;
  }

  /** The RFC 2543 hold form {@code 0.0.0.0} (or {@code ::}): "do not send me media". */
  public boolean isHold() {
    return IpLiteral.parse(address).map(InetAddress::isAnyLocalAddress).orElse(false);
  }

  /** "IP4" or "IP6", the SDP address type of an address. */
  public static String addressTypeOf(InetAddress address) {
    return address instanceof Inet4Address ? "IP4" : "IP6";
  }

  @Override
  public String toString() {
    return "c=IN " + addressType + " " + address;
  }
}
