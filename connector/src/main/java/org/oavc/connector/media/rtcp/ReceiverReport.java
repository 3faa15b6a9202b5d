package org.oavc.connector.media.rtcp;

import java.util.List;

/** An RR packet (RFC 3550 section 6.4.2). */
public record ReceiverReport(int ssrc, List<ReportBlock> reports) implements RtcpPacket {
  public ReceiverReport {
    reports = RtcpLimits.countable(reports, "report blocks");
  }

  @Override
  public int packetType() {
    return RR;
  }
}
