package org.oavc.connector.call;

import java.util.List;
import org.oavc.connector.cluster.ReplicatedCall;
import org.oavc.connector.sdp.SdpNegotiation;

/** The replicated record of a call as this node negotiated it: no flavor nor turns yet. */
final class ReplicatedCalls {
  private ReplicatedCalls() {}

  /** {@code offer}: the caller's offer as it came (null: none). */
  static ReplicatedCall of(Call call, String offer, SdpNegotiation n) {
    return new ReplicatedCall(
        call.key(),
        "inbound",
        offer == null ? "" : offer,
        n.localSdp(),
        n.codec().name(),
        n.codec().payloadType(),
        n.codec().clockRate(),
        n.ptimeMs(),
        n.telephoneEventPayloadType(),
        null,
        call.view().createdAt().toEpochMilli(),
        List.of(),
        call.owner());
  }
}
