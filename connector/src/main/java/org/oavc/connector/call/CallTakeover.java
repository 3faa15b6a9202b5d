package org.oavc.connector.call;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.oavc.connector.cluster.CallMove;
import org.oavc.connector.cluster.ReplicatedCall;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.media.rtpengine.RtpEngineBridge;
import org.oavc.connector.opensips.UaSessionEvent;
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
 * the AI side with the conversation so far; a call we placed goes on the same way (its far end is
 * the called party, its record keeps what its request asked for). A recorded call is recorded here
 * too, in a file of this node's. A call it cannot carry on (no record: never answered, or its
 * record was lost) is ended cleanly instead.
 */
final class CallTakeover {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");

  /** OpenSIPS session state for an INVITE that has no final reply yet. */
  private static final int STATE_UNANSWERED = 1;

  private final CallServices s;
  private final CallEnding ending;
  private final CallClaims claims;
  private final java.util.function.Consumer<Call> resumedPlacedCall;

  /** Keys being taken from a draining node (its requests repeat every second). */
  private final Set<String> moving = new HashSet<>();

  /** {@code resumedPlacedCall}: what a placed call carried on here needs (callee hang-up watch). */
  CallTakeover(
      CallServices services,
      CallEnding ending,
      CallClaims claims,
      java.util.function.Consumer<Call> resumedPlacedCall) {
    this.s = services;
    this.ending = ending;
    this.claims = claims;
    this.resumedPlacedCall = resumedPlacedCall;
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

  /**
   * A live node is draining: takes what it wins of that node's answered calls, one at a time and
   * each after this node's load delay, so the calls spread by load as new ones do. The draining
   * node keeps a call until told it moved; a call this node cannot carry on stays there.
   */
  Future<Void> takeOverCallsOfDraining(String node) {
    return s.records()
        .ownedBy(node)
        .compose(
            recs -> {
              Future<Void> chain = Future.succeededFuture();
              for (ReplicatedCall rec : recs) {
                chain = chain.compose(v -> takeFromDraining(rec, node));
              }
              return chain;
            });
  }

  private Future<Void> takeFromDraining(ReplicatedCall rec, String node) {
    String key = rec.key();
    if (s.registry().get(key) != null || moving.contains(key)) {
      return Future.succeededFuture(); // here already, or on its way (asked again meanwhile)
    }
    if (RtpEngineBridge.needsBridge(rec.remoteSdp())) {
      log.info(
          "key={} WebRTC call stays on draining node {} (no move through rtpengine)", key, node);
      return Future.succeededFuture();
    }
    moving.add(key);
    return s.after(s.cluster().claimDelayMillis(s.registry().activeCount()))
        .compose(v -> s.ownership().takeOver(key, node))
        .compose(
            won -> {
              if (!won) {
                return Future.<Void>succeededFuture();
              }
              claims.forget(key);
              // Read again: the draining node may have added turns since it was asked.
              return s.records()
                  .get(key)
                  .compose(
                      fresh ->
                          fresh.isPresent()
                              ? resume(fresh.get().withOwner(s.ownership().nodeId()), node, true)
                              : s.ownership().release(key)); // ended meanwhile
            })
        .otherwise(
            e -> {
              log.warn("key={} not taken from draining {}: {}", key, node, e.toString());
              return null;
            })
        .eventually(() -> Future.succeededFuture(moving.remove(key)));
  }

  private Future<Void> takeOver(String key, String deadNode) {
    claims.forget(key); // ours now, no longer another node's
    return s.records()
        .get(key)
        .compose(
            rec -> {
              if (rec.isPresent() && s.registry().get(key) == null) {
                return resume(rec.get().withOwner(s.ownership().nodeId()), deadNode, false);
              }
              return endUnresumable(key);
            });
  }

  /**
   * Carries the call on here. From a draining node ({@code fromLive}): once the caller took the
   * re-INVITE, that node is told to stop its media; when the move fails, the call is let go here
   * without SIP and handed back, as that node still carries it.
   */
  private Future<Void> resume(ReplicatedCall rec, String fromNode, boolean fromLive) {
    Call call = new Call(rec, s.ownership().nodeId());
    s.registry().add(call);
    s.records().put(rec);
    boolean pair = !rec.remoteSdp().contains("a=rtcp-mux");
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
                  "key={} TAKEN OVER from {}{}: re-INVITE with codec={} port={}",
                  rec.key(),
                  fromNode,
                  fromLive ? " (draining)" : "",
                  n.codec().name(),
                  port);
              Future<MediaSession> opening = s.media().open(rec.key(), port, n);
              call.mediaOpening(opening);
              call.reofferPending(true);
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
                        if (call.negotiation() != n) {
                          opening.result().apply(call.negotiation()); // answered before the bind
                        }
                        s.vertx().cancelTimer(call.setupTimerId());
                        call.handedToAgent(true);
                        if (rec.recorded()) {
                          s.startRecording(call); // this node's part, a file of its own
                        }
                        if (call.outbound()) {
                          resumedPlacedCall.accept(call);
                        }
                        s.agent().answered(call);
                        s.metrics().takenOver();
                        if (fromLive) {
                          s.handoffs()
                              .tellMoved(new CallMove(rec.key(), fromNode, rec.owner()))
                              .onFailure(
                                  e ->
                                      log.warn(
                                          "key={} {} not told of the move: {}",
                                          rec.key(),
                                          fromNode,
                                          e.toString()));
                        }
                        return (Void) null;
                      });
            })
        .recover(
            e -> {
              if (fromLive) {
                log.error(
                    "key={} move from {} failed: {}; the call stays there",
                    rec.key(),
                    fromNode,
                    e.toString());
                if (!call.isEnded()) {
                  ending.end(call, EndCause.MOVED); // local only: no SIP, owner entry kept
                }
                return handBack(rec.withOwner(fromNode));
              }
              log.error("key={} take-over failed: {}; hanging up", rec.key(), e.toString());
              return call.isEnded()
                  ? Future.succeededFuture()
                  : ending.hangup(call, EndCause.SETUP_ERROR);
            });
  }

  /**
   * The far end's final reply to our take-over re-INVITE. A 200's SDP is its answer to our offer:
   * where it now wants our RTP (a phone may answer from another port than it offered the first
   * time) and what the next take-over answers. A refusal leaves the call as it is, logged: its
   * media may still go to the old node.
   */
  void reofferAnswered(Call call, UaSessionEvent ev) {
    call.reofferPending(false);
    String answer = ev.body();
    if (ev.eventType() != UaSessionEvent.Type.ANSWERED) {
      log.warn(
          "key={} the far end refused the take-over re-INVITE: {} {}",
          call.key(),
          ev.status(),
          ev.reason());
      return;
    }
    if (answer == null || answer.isBlank() || call.negotiation() == null) {
      return;
    }
    SdpNegotiation n;
    try {
      n = s.sdp().acceptAnswer(answer, call.negotiation());
    } catch (SdpException e) {
      log.warn(
          "key={} the far end's answer to the take-over is unusable ({}); media as offered",
          call.key(),
          e.getMessage());
      return;
    }
    call.negotiated(n);
    if (call.media() != null) {
      call.media().apply(n);
    }
    s.records().media(ReplicatedCalls.of(call, answer, n));
    log.info("key={} the far end took the take-over: its RTP at {}", call.key(), n.remoteRtp());
  }

  /**
   * A call taken from a draining node but not carried on here goes back to it, unless its session
   * is over (then nobody owns it any more).
   */
  private Future<Void> handBack(ReplicatedCall rec) {
    return s.mi()
        .uaSessionList(rec.key())
        .compose(
            session -> {
              if (session.isEmpty()) {
                return s.records().remove(rec.key()).compose(v -> s.ownership().release(rec.key()));
              }
              return s.records()
                  .put(rec)
                  .compose(v -> s.ownership().handBack(rec.key(), rec.owner()))
                  .<Void>mapEmpty();
            })
        .otherwise(
            e -> {
              log.warn("key={} not handed back to {}: {}", rec.key(), rec.owner(), e.toString());
              return null;
            });
  }

  /** The stored offer answered again on our port, with the codec the call had. */
  private SdpNegotiation negotiate(ReplicatedCall rec, int port) {
    try {
      return s.sdp().answer(rec.remoteSdp(), port, null, List.of(rec.codec()));
    } catch (SdpException | IllegalArgumentException e) {
      try {
        return s.sdp().answer(rec.remoteSdp(), port, null, List.of());
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
