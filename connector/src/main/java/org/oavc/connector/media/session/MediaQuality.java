package org.oavc.connector.media.session;

import io.vertx.core.json.JsonObject;

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
 * @param voicedFramesIn frames decoded from the caller's packets with a level above -45 dBov:
 *     evidence that the caller's audio arrived and decoded to something audible
 */
public record MediaQuality(
    long packetsIn,
    long packetsOut,
    long invalidPackets,
    double lossPercent,
    double jitterMillis,
    double rttMillis,
    double remoteLossPercent,
    long voicedFramesIn) {
  public static final MediaQuality EMPTY =
      new MediaQuality(0, 0, 0, 0, 0, Double.NaN, Double.NaN, 0);

  /** Without a voiced-frame count (kept for callers written before it existed). */
  public MediaQuality(
      long packetsIn,
      long packetsOut,
      long invalidPackets,
      double lossPercent,
      double jitterMillis,
      double rttMillis,
      double remoteLossPercent) {
    this(
        packetsIn,
        packetsOut,
        invalidPackets,
        lossPercent,
        jitterMillis,
        rttMillis,
        remoteLossPercent,
        0);
  }

  /**
   * The call JSON's {@code media} object. Figures not known yet (no RTCP report from the caller)
   * are left out: JSON has no NaN.
   */
  public JsonObject toJson() {
    JsonObject j =
        new JsonObject()
            .put("packetsIn", packetsIn)
            .put("packetsOut", packetsOut)
            .put("invalidPackets", invalidPackets)
            .put("lossPercent", round(lossPercent))
            .put("jitterMs", round(jitterMillis))
            .put("voicedFramesIn", voicedFramesIn);
    if (!Double.isNaN(rttMillis)) {
      j.put("rttMs", round(rttMillis));
    }
    if (!Double.isNaN(remoteLossPercent)) {
      j.put("remoteLossPercent", round(remoteLossPercent));
    }
    return j;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
