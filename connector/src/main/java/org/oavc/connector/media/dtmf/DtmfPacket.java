package org.oavc.connector.media.dtmf;

/**
 * One RTP packet of an outgoing event: the session adds the next sequence number and sends {@code
 * payload} with the telephone-event payload type.
 */
public record DtmfPacket(
    byte[] payload, boolean marker, int timestamp, boolean end, int duration) {}
