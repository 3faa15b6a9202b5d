package org.oavc.connector.call;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.oavc.connector.cluster.ReplicatedCall;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.opensips.UaSessionUpdate;
import org.oavc.connector.sdp.SdpException;
import org.oavc.connector.sdp.SdpNegotiation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a dead node's calls on. Each survivor races for each call the dead node owned (an owner
 * entry moved from the dead node to itself: exactly one wins); the winner leases a port here,
 * answers the stored offer again with the same codec, re-INVITEs the caller with that SDP through
 * ua_session_update (OpenSIPS sends it in the existing dialog), opens media and hands the call to
 * the AI side with the conversation so far. A call it cannot carry on (no record: never answered,
 * or its record was lost) is ended cleanly instead.
 */
final class CallTakeover {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");

  /** OpenSIPS session state for an INVITE that has no final reply yet. */
  private static final int STATE_UNANSWERED = 1;

  private final CallServices s;
  private final CallEnding ending;
  private final CallClaims claims;

  CallTakeover(CallServices services, CallEnding ending, CallClaims claims) {
    this.s = services;
    this.ending = ending;
    this.claims = claims;
  }

  /** Takes what it wins of {@code deadNode}'s calls; completes once each was tried. */
  Future<Void> takeOverCallsOf(String deadNode) {
    return s.ownership()
        .ownedBy(deadNode)
        .compose(
            keys -> {
              log.warn("cluster: node {} is gone, owning {} call(s)", deadNode, keys.size());
              List<Future<Void>> each = new ArrayList<>();
              for (String key : keys) {
                each.add(
                    s.ownership()
                        .takeOver(key, deadNode)
                        .compose(won -> won ? takeOver(key, deadNode) : Future.succeededFuture())
                        .otherwise(
                            e -> {
                              log.warn("key={} not taken over: {}", key, e.toString());
                              return null;
                            }));
              }
              return Future.join(each).<Void>mapEmpty();
            });
  }

  private Future<Void> takeOver(String key, String deadNode) {
    claims.forget(key); // ours now, no longer another node's
    return s.records()
        .get(key)
        .compose(
            rec -> {
              if (rec.isPresent() && s.registry().get(key) == null) {
                return resume(rec.get().withOwner(s.ownership().nodeId()), deadNode);
              }
              return endUnresumable(key);
            });
  }

  private Future<Void> resume(ReplicatedCall rec, String deadNode) {
    Call call = new Call(rec, s.ownership().nodeId());
    s.registry().add(call);
    s.records().put(rec);
    boolean pair = !rec.offerSdp().contains("a=rtcp-mux");
    return s.ports()
        .acquire(rec.key(), pair)
        .recover(e -> s.ports().acquire(rec.key(), false))
        .compose(
            port -> {
              call.attachPort(port);
              SdpNegotiation n = negotiate(rec, port);
              call.negotiated(n);
              call.answered(); // answered long ago, by the dead node
              log.warn(
                  "key={} TAKEN OVER from {}: re-INVITE with codec={} port={}",
                  rec.key(),
                  deadNode,
                  n.codec().name(),
                  port);
              Future<MediaSession> opening = s.media().open(rec.key(), port, n);
              call.mediaOpening(opening);
              Future<Void> reinvite =
                  s.mi()
                      .uaSessionUpdate(
                          UaSessionUpdate.of(rec.key(), "INVITE").withBody(n.localSdp()));
              return Future.all(opening, reinvite)
                  .map(
                      x -> {
                        if (call.isEnded()) {
                          return null; // the caller hung up meanwhile: the ending closed it all
                        }
                        call.attachMedia(opening.result());
                        s.vertx().cancelTimer(call.setupTimerId());
                        call.handedToAgent(true);
                        s.agent().answered(call);
                        s.metrics().takenOver();
                        return (Void) null;
                      });
            })
        .recover(
            e -> {
              log.error("key={} take-over failed: {}; hanging up", rec.key(), e.toString());
              return call.isEnded()
                  ? Future.succeededFuture()
                  : ending.hangup(call, EndCause.SETUP_ERROR);
            });
  }

  /** The stored offer answered again on our port, with the codec the call had. */
  private SdpNegotiation negotiate(ReplicatedCall rec, int port) {
    try {
      return s.sdp().answer(rec.offerSdp(), port, null, List.of(rec.codec()));
    } catch (SdpException | IllegalArgumentException e) {
      try {
        return s.sdp().answer(rec.offerSdp(), port, null, List.of());
      } catch (SdpException e2) {
        throw new IllegalStateException("stored offer unusable: " + e2.getMessage(), e2);
      }
    }
  }

  /**
   * No record to carry the call on: a ringing INVITE gets 503 (the caller may retry), an answered
   * session a BYE; the ownership goes.
   */
  private Future<Void> endUnresumable(String key) {
    return s.mi()
        .uaSessionList(key)
        .map(o -> o.map(j -> j.getInteger("state", -1)))
        .otherwise(Optional.empty())
        .compose(
            state -> {
              if (state.isEmpty()) {
                return Future.<Void>succeededFuture();
              }
              log.warn("key={} dead owner's call cannot be carried on", key);
              return ending.endSession(key, state.get() == STATE_UNANSWERED);
            })
        .eventually(() -> s.ownership().release(key));
  }
}
