package org.oavc.connector.media.rtcp;

import java.util.List;

/** What our SR says about the stream we send: packet and payload octet counts (RFC 3550 6.4.1). */
public final class RtpSenderStats {
  private final int ssrc;
  private int packets;
  private int octets;

  public RtpSenderStats(int ssrc) {
    this.ssrc = ssrc;
  }

  /** Accounts one sent RTP packet; the counters wrap at 32 bits as the RFC says. */
  public void onPacketSent(int payloadBytes) {
    packets++;
    octets += payloadBytes;
  }

  public long packetCount() {
    return Integer.toUnsignedLong(packets);
  }

  public long octetCount() {
    return Integer.toUnsignedLong(octets);
  }

  /**
   * An SR for now: {@code rtpTimestamp} is the RTP time corresponding to {@code ntpTimestamp} (the
   * timestamp the next packet would carry, adjusted for the time since it was sampled).
   */
  public SenderReport senderReport(long ntpTimestamp, int rtpTimestamp, List<ReportBlock> blocks) {
    return new SenderReport(ssrc, ntpTimestamp, rtpTimestamp, packets, octets, blocks);
  }
}
