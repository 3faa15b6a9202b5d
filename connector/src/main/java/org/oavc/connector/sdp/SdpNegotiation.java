package org.oavc.connector.sdp;

import java.net.InetSocketAddress;

/**
 * The outcome of one offer/answer step of a call, and the state the next step starts from.
 *
 * @param localSdp the SDP text we send (CRLF line ends)
 * @param codec the chosen codec; its fmtp is the remote side's (what we must respect when sending).
 *     When we made the offer and no answer is in yet: our first preference.
 * @param telephoneEventPayloadType RFC 4733 payload type, or null when not negotiated. Its SDP
 *     clock rate is the codec's when offered, else another (telephone-event/8000 beside Opus);
 *     events are timed on the audio stream's RTP clock either way.
 * @param ptimeMs packet duration to send, 10-60 ms
 * @param localDirection the direction in our SDP; after {@link SdpAnswerer#acceptAnswer} our
 *     direction narrowed by the answer
 * @param remoteRtp where to send RTP; null when we made the offer. The address is 0.0.0.0 (or ::)
 *     when the remote side holds the call the RFC 2543 way: never send there, see {@link
 *     #sendsMedia()}.
 * @param remoteRtcp from {@code a=rtcp} or RTP port + 1; null with rtcp-mux or no remote yet
 * @param rtcpMux RTCP shares the RTP port (RFC 5761)
 * @param sessionId our {@code o=} session id, the same for the whole call
 * @param sessionVersion our {@code o=} version in {@code localSdp}
 */
public record SdpNegotiation(
    String localSdp,
    Codec codec,
    Integer telephoneEventPayloadType,
    int ptimeMs,
    MediaDirection localDirection,
    InetSocketAddress remoteRtp,
    InetSocketAddress remoteRtcp,
    boolean rtcpMux,
    long sessionId,
    long sessionVersion) {

  /** True when we should send RTP now: our direction sends and the remote gave a real address. */
  public boolean sendsMedia() {
    return localDirection.sends()
        && remoteRtp != null
        && remoteRtp.getPort() != 0
        && !remoteRtp.getAddress().isAnyLocalAddress();
  }

  /** True when we expect RTP from the remote side. */
  public boolean receivesMedia() {
    return localDirection.receives();
  }

  /** RTP timestamp units per packet: clock rate (rtpmap's) times ptime. */
  public int timestampUnitsPerPacket() {
    return codec.timestampUnits(ptimeMs);
  }
}
