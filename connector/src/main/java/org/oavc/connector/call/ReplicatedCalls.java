package org.oavc.connector.call;

import java.util.List;
import org.oavc.connector.cluster.ReplicatedCall;
import org.oavc.connector.cluster.ReplicatedDial;
import org.oavc.connector.sdp.SdpNegotiation;

/** The replicated record of a call as this node negotiated it: no flavor nor turns yet. */
final class ReplicatedCalls {
  private ReplicatedCalls() {}

  /**
   * {@code remoteSdp}: the far end's SDP as it came (an inbound caller's offer, null for none; a
   * called party's answer).
   */
  static ReplicatedCall of(Call call, String remoteSdp, SdpNegotiation n) {
    return new ReplicatedCall(
        call.key(),
        call.outbound() ? "outbound" : "inbound",
        remoteSdp == null ? "" : remoteSdp,
        n.localSdp(),
        n.codec().name(),
        n.codec().payloadType(),
        n.codec().clockRate(),
        n.ptimeMs(),
        n.telephoneEventPayloadType(),
        null,
        call.view().createdAt().toEpochMilli(),
        List.of(),
        call.owner(),
        call.view().callId(),
        call.view().from(),
        call.view().to(),
        call.outbound() ? dial(call) : null,
        call.recording() != null);
  }

  private static ReplicatedDial dial(Call call) {
    java.time.Instant answered = call.view().answeredAt();
    long hangUpAt =
        call.maxDuration() == null || answered == null
            ? 0
            : answered.plus(call.maxDuration()).toEpochMilli();
    io.vertx.core.json.JsonObject agent = call.agentSettings();
    return new ReplicatedDial(
        agent == null ? null : agent.encode(),
        call.reportUrl() == null ? null : call.reportUrl().toString(),
        call.recordRequested(),
        hangUpAt);
  }
}
