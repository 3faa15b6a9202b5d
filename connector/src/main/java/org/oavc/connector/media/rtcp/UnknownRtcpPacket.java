package org.oavc.connector.media.rtcp;

/** A well-formed packet of a type we do not interpret (APP, RTPFB, PSFB, XR ...). */
public record UnknownRtcpPacket(int packetType, int count, int length) implements RtcpPacket {}
