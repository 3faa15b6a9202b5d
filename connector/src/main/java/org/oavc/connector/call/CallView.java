package org.oavc.connector.call;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.oavc.connector.media.session.MediaQuality;

/**
 * An immutable snapshot of a call for the management API and the CLI. In JSON, {@code direction} is
 * who placed the call (inbound, outbound), {@code mediaDirection} the SDP direction of our side
 * (sendrecv, or recvonly while the caller holds) and {@code owner} the NODE_ID of the node holding
 * it.
 */
public record CallView(
    String key,
    String callId,
    String from,
    String to,
    boolean outbound,
    CallState state,
    EndCause endCause,
    int finalStatus,
    Integer localRtpPort,
    String codec,
    String mediaDirection,
    Instant createdAt,
    Instant answeredAt,
    Instant endedAt,
    long rtpPacketsIn,
    MediaQuality media,
    String owner,
    String recording,
    org.oavc.connector.amd.AmdResult amd) {
  /** This view with live media figures (the packet count included). */
  public CallView withMedia(MediaQuality quality) {
    return new CallView(
        key,
        callId,
        from,
        to,
        outbound,
        state,
        endCause,
        finalStatus,
        localRtpPort,
        codec,
        mediaDirection,
        createdAt,
        answeredAt,
        endedAt,
        quality.packetsIn(),
        quality,
        owner,
        recording,
        amd);
  }

  public JsonObject toJson() {
    JsonObject j =
        new JsonObject()
            .put("key", key)
            .put("callId", callId)
            .put("from", from)
            .put("to", to)
            .put("direction", outbound ? "outbound" : "inbound")
            .put("state", state.name())
            .put("createdAt", createdAt.toString());
    putIfSet(j, "endCause", endCause == null ? null : endCause.name());
    if (finalStatus > 0) {
      j.put("finalStatus", finalStatus);
    }
    putIfSet(j, "localRtpPort", localRtpPort);
    putIfSet(j, "codec", codec);
    putIfSet(j, "mediaDirection", mediaDirection);
    putIfSet(j, "answeredAt", answeredAt == null ? null : answeredAt.toString());
    putIfSet(j, "endedAt", endedAt == null ? null : endedAt.toString());
    j.put("rtpPacketsIn", rtpPacketsIn);
    putIfSet(j, "media", media == null ? null : media.toJson());
    putIfSet(j, "owner", owner);
    putIfSet(j, "recording", recording);
    putIfSet(j, "amd", amd == null ? null : amd.toJson());
    return j;
  }

  private static void putIfSet(JsonObject j, String name, Object value) {
    if (value != null) {
      j.put(name, value);
    }
  }
}
