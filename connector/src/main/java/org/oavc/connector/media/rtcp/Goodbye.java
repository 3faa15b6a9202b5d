package org.oavc.connector.media.rtcp;

import java.util.List;

/** A BYE packet (RFC 3550 section 6.6); {@code reason} is null when absent. */
public record Goodbye(List<Integer> ssrcs, String reason) implements RtcpPacket {
  public Goodbye {
    ssrcs = RtcpLimits.countable(ssrcs, "sources");
  }

  @Override
  public int packetType() {
    return BYE;
  }
}
