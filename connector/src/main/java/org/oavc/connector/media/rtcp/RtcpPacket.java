package org.oavc.connector.media.rtcp;

/** One packet of an RTCP compound packet (RFC 3550 section 6). */
public sealed interface RtcpPacket
    permits SenderReport, ReceiverReport, SourceDescription, Goodbye, UnknownRtcpPacket {
  int SR = 200;
  int RR = 201;
  int SDES = 202;
  int BYE = 203;

  /** The RTCP packet type (PT field). */
  int packetType();
}
