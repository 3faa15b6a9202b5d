package org.oavc.connector.media.rtcp;

import java.util.List;

/**
 * An SR packet (RFC 3550 section 6.4.1).
 *
 * @param ntpTimestamp 64-bit NTP time the report was sent
 * @param packetCount sender's packet count (unsigned 32-bit)
 * @param octetCount sender's payload octet count (unsigned 32-bit)
 */
public record SenderReport(
    int ssrc,
    long ntpTimestamp,
    int rtpTimestamp,
    int packetCount,
    int octetCount,
    List<ReportBlock> reports)
    implements RtcpPacket {
  public SenderReport {
    reports = RtcpLimits.countable(reports, "report blocks");
  }

  @Override
  public int packetType() {
    return SR;
  }
}
