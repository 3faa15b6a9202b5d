package org.oavc.connector.media.session;

/**
 * Quality of one call's media so far.
 *
 * @param packetsIn valid RTP packets accepted from the caller
 * @param packetsOut RTP packets we sent
 * @param invalidPackets datagrams dropped as garbage, wrong payload type or from unlatched sources
 * @param lossPercent packets lost from the caller's stream, percent of those expected
 * @param jitterMillis interarrival jitter of the caller's stream (RFC 3550 A.8)
 * @param rttMillis round-trip time from the caller's last RTCP report, NaN when unknown
 * @param remoteLossPercent loss of our stream as the caller's last RTCP report states, NaN if none
 */
public record MediaQuality(
    long packetsIn,
    long packetsOut,
    long invalidPackets,
    double lossPercent,
    double jitterMillis,
    double rttMillis,
    double remoteLossPercent) {
  public static final MediaQuality EMPTY = new MediaQuality(0, 0, 0, 0, 0, Double.NaN, Double.NaN);
}
