package org.oavc.connector.call;

import io.vertx.core.Future;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.media.port.PortsExhaustedException;
import org.oavc.connector.opensips.UaSessionEvent;
import org.oavc.connector.opensips.UaSessionReply;
import org.oavc.connector.sdp.SdpException;
import org.oavc.connector.sdp.SdpNegotiation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NEW INVITE -> port -> SDP answer -> 200 OK, with the RTP socket bound in parallel: the answer
 * needs only the port number and the advertised address, and no RTP can arrive before the caller
 * has our 200. The bind carries the negotiation, so the socket never reads a datagram it cannot
 * judge (payload types unknown). The bind starts right after the 200 was handed to MI, or at once
 * when the answer has to wait (ring time, the agent's beforeAnswer). The call is handed to the
 * agent once the 200 is confirmed and the media attached, whichever comes last. Each asynchronous
 * step re-checks the call: a CANCEL, BYE or the set-up timeout may have ended it meanwhile, and
 * whatever was acquired by then is released instead of answered. Every failure becomes a SIP final
 * reply, or a hang-up once the 200 left.
 */
final class CallSetup {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");
  private final CallServices s;
  private final CallEnding ending;

  CallSetup(CallServices services, CallEnding ending) {
    this.s = services;
    this.ending = ending;
  }

  void start(Call call, UaSessionEvent invite) {
    long ringMs = s.policy().ring().toMillis();
    call.setupTimerId(
        s.vertx()
            .setTimer(s.policy().setupTimeout().toMillis() + ringMs, id -> onSetupTimeout(call)));
    Future<Void> ringing = ringMs > 0 ? ring(call, ringMs) : Future.succeededFuture();
    // A WebRTC offer becomes a plain one through the bridge first; any other passes unchanged.
    s.bridge()
        .callerOffer(call.key(), invite.body())
        .compose(offer -> setUp(call, offer, ringing))
        .onFailure(e -> onSetupFailure(call, e));
  }

  private Future<Void> setUp(Call call, String offer, Future<Void> ringing) {
    if (call.state() != CallState.SETTING_UP) {
      return Future.failedFuture(new CallGoneException());
    }
    // A pair (RTCP on port+1) unless the offer muxes RTCP; a single port if no pair is left.
    boolean pair = offer == null || !offer.contains("a=rtcp-mux");
    return s.ports()
        .acquire(call.key(), pair)
        .recover(e -> s.ports().acquire(call.key(), false))
        .compose(
            port -> {
              s.metrics().stage("port", System.nanoTime() - call.createdNanos());
              if (call.state() != CallState.SETTING_UP) {
                s.ports().release(port);
                return Future.failedFuture(new CallGoneException());
              }
              call.attachPort(port);
              Future<Void> ready =
                  ringing.compose(
                      v ->
                          s.agent()
                              .beforeAnswer(call)
                              .recover(e -> Future.failedFuture(new AgentNotReadyException(e))));
              if (!ready.isComplete()) {
                openMedia(call, port, null); // the ring or the agent takes a while: bind meanwhile
              }
              return ready;
            })
        .compose(v -> answer(call, offer));
  }

  /**
   * The call's NEW line, once. Logged after the 200 was handed to MI rather than on arrival:
   * logging wakes the log writer's thread, which on a busy 2-core box took the core from the send.
   * Also called before any other line of the call, which keeps the NEW line first.
   */
  void logNew(Call call) {
    if (call.firstLogLine()) {
      log.info(
          "key={} NEW from={} to={} callId={}",
          call.key(),
          call.fromUser(),
          call.toUser(),
          call.view().callId());
    }
  }

  /** 180 Ringing now; completes when the ring time is over (set-up runs meanwhile). */
  private Future<Void> ring(Call call, long ringMs) {
    s.mi()
        .uaSessionReply(UaSessionReply.of(call.key(), "INVITE", 180, "Ringing"))
        .onFailure(e -> log.warn("key={} 180 not sent: {}", call.key(), e.getMessage()));
    return s.after(ringMs)
        .map(
            v -> {
              if (call.state() != CallState.SETTING_UP) {
                throw new CallGoneException();
              }
              return null;
            });
  }

  /**
   * Starts the RTP bind, carrying the negotiation when it is known (then the socket judges its
   * first datagram by it); the outcome is handled whenever it comes, before or after our 200.
   */
  private void openMedia(Call call, int port, SdpNegotiation negotiation) {
    Future<MediaSession> opening;
    try {
      opening = s.media().open(call.key(), port, negotiation);
    } catch (RuntimeException e) {
      opening = Future.failedFuture(e);
    }
    call.mediaOpening(opening);
    opening.onComplete(
        ar -> {
          s.metrics().stage("media", System.nanoTime() - call.createdNanos());
          if (ar.succeeded()) {
            mediaBound(call, ar.result(), negotiation);
          } else {
            mediaFailed(call, port, ar.cause());
          }
        });
  }

  private void mediaBound(Call call, MediaSession media, SdpNegotiation carried) {
    if (call.isEnded()) {
      media.close(); // ended while binding; CallEnding releases the port once this is closed
      return;
    }
    call.attachMedia(media); // also while ENDING: the ending path closes it with the call
    if (call.state() == CallState.ENDING) {
      return;
    }
    if (call.negotiation() != null && call.negotiation() != carried) {
      media.apply(call.negotiation()); // bound during the ring, answered before the bind finished
    }
    handOverWhenReady(call);
  }

  private void mediaFailed(Call call, int port, Throwable e) {
    s.metrics().mediaFailed();
    switch (call.state()) {
      case SETTING_UP -> {
        log.error("key={} REJECT 500: RTP port {} not bound: {}", call.key(), port, e.getMessage());
        ending.reject(call, 500, SipStatus.reason(500), false, EndCause.SETUP_ERROR);
      }
      case ACTIVE -> {
        log.error(
            "key={} RTP port {} not bound after our 200 ({}): hanging up",
            call.key(),
            port,
            e.getMessage());
        ending.hangup(call, EndCause.SETUP_ERROR);
      }
      // ANSWERING: decided once the 200's outcome is known (answerConfirmed); ENDING/ENDED: over.
      default ->
          log.warn(
              "key={} RTP port {} not bound ({}) while {}",
              call.key(),
              port,
              e.getMessage(),
              call.state());
    }
  }

  private Future<Void> answer(Call call, String offer) {
    if (call.state() != CallState.SETTING_UP) {
      return Future.failedFuture(new CallGoneException()); // e.g. the bind failed meanwhile
    }
    SdpNegotiation n;
    try {
      n = s.negotiate(call, offer, null); // no offer: ours goes in the 200
    } catch (SdpException e) {
      return Future.failedFuture(e);
    }
    // The bridge (WebRTC) turns our plain answer into the caller's form; others pass unchanged.
    return s.bridge().ourAnswer(call.key(), n.localSdp()).compose(sdp -> send200(call, n, sdp));
  }

  private Future<Void> send200(Call call, SdpNegotiation n, String callerSdp) {
    if (call.state() != CallState.SETTING_UP) {
      return Future.failedFuture(new CallGoneException());
    }
    call.negotiated(n);
    call.state(CallState.ANSWERING);
    call.finalStatus(200);
    s.metrics().setup(System.nanoTime() - call.createdNanos());
    if (call.media() != null) {
      call.media().apply(n); // bound during the ring or the agent's wait: in force before the 200
    }
    Future<Void> sent =
        s.mi()
            .uaSessionReply(UaSessionReply.of(call.key(), "INVITE", 200, "OK").withBody(callerSdp));
    logNew(call);
    // The bind starts right after the 200 left (the send is synchronous on this loop), carrying the
    // negotiation. Not before: handing it to its event loop wakes that thread, which on a busy
    // 2-core box could take the core before the send; the bind loses only the send's few
    // microseconds in its race with the caller's first RTP.
    if (call.mediaOpening() == null) {
      openMedia(call, call.port(), n);
    }
    return sent.compose(
        v -> {
          if (call.state() == CallState.ANSWERING) {
            answerConfirmed(call);
          }
          return Future.<Void>succeededFuture();
        },
        e -> confirmAnswer(call, e));
  }

  /** OpenSIPS took our 200: the call is answered; the agent gets it once media is there too. */
  private void answerConfirmed(Call call) {
    call.answered();
    s.registry().status(call, CallStatus.ANSWERED);
    replicate(call);
    Integer port = call.port();
    log.info(
        "key={} ANSWERED codec={} port={}", call.key(), call.negotiation().codec().name(), port);
    Future<MediaSession> opening = call.mediaOpening();
    if (opening != null && opening.failed()) {
      log.error("key={} RTP port {} not bound: hanging up after our 200", call.key(), port);
      ending.hangup(call, EndCause.SETUP_ERROR);
      return;
    }
    handOverWhenReady(call);
  }

  /** The answered call's record, for a node that may have to carry it on (clustered only). */
  private void replicate(Call call) {
    if (s.ownership().clustered()) {
      s.records().put(ReplicatedCalls.of(call, call.offerSdp(), call.negotiation()));
    }
  }

  /** Both the 200 confirmed and the media attached: set-up is over, the conversation may start. */
  private void handOverWhenReady(Call call) {
    if (call.state() != CallState.ACTIVE || call.media() == null || call.handedToAgent()) {
      return;
    }
    s.vertx().cancelTimer(call.setupTimerId());
    call.handedToAgent(true);
    s.recordIfWanted(call, false);
    s.agent().answered(call);
  }

  /**
   * The 200 may or may not have left when MI failed (a timeout only says no reply came back).
   * OpenSIPS knows: an answered session has last_reply_code 200, a vanished one is gone. When it
   * cannot tell us, we make sure of the outcome ourselves: a 500 closes the INVITE if the 200 never
   * left (after a 200 it is a no-op) and the terminate sends BYE if it did, so the caller is never
   * left in a silent call.
   */
  private Future<Void> confirmAnswer(Call call, Throwable cause) {
    log.warn(
        "key={} ua_session_reply 200 failed: {}; asking OpenSIPS", call.key(), cause.getMessage());
    return s.mi()
        .uaSessionList(call.key())
        .map(session -> session.map(o -> o.getInteger("last_reply_code", 0)).orElse(-1))
        .recover(e -> Future.succeededFuture(0)) // unknown: MI did not answer
        .compose(
            lastReply -> {
              if (call.state() != CallState.ANSWERING) {
                return Future.succeededFuture();
              }
              if (lastReply == 200) {
                log.info("key={} 200 confirmed through ua_session_list", call.key());
                answerConfirmed(call);
                return Future.succeededFuture();
              }
              if (lastReply == -1) {
                ending.end(call, EndCause.SETUP_ERROR); // OpenSIPS no longer has it
                return Future.succeededFuture();
              }
              return ending.reject(call, 500, SipStatus.reason(500), false, EndCause.SETUP_ERROR);
            });
  }

  private void onSetupFailure(Call call, Throwable e) {
    if (e instanceof CallGoneException || call.state() != CallState.SETTING_UP) {
      return;
    }
    logNew(call); // the NEW line comes first, also when set-up fails before the 200
    if (e instanceof SdpException) {
      SdpException se = (SdpException) e;
      log.info("key={} REJECT {} unusable offer: {}", call.key(), se.sipStatus(), se.getMessage());
      ending.reject(
          call, se.sipStatus(), SipStatus.reason(se.sipStatus()), false, EndCause.REJECTED_MEDIA);
    } else if (e instanceof AgentNotReadyException) {
      log.warn("key={} REJECT 503: AI not ready: {}", call.key(), e.getCause().getMessage());
      ending.reject(call, 503, "Service Unavailable", true, EndCause.REJECTED_AI_UNAVAILABLE);
    } else if (e instanceof MediaBridgeUnavailableException) {
      log.warn("key={} REJECT 503: media bridge unavailable: {}", call.key(), e.getMessage());
      ending.reject(call, 503, "Service Unavailable", true, EndCause.REJECTED_MEDIA_BRIDGE);
    } else if (e instanceof PortsExhaustedException) {
      log.warn("key={} REJECT 503: RTP port range exhausted", call.key());
      ending.reject(call, 503, "Service Unavailable", true, EndCause.REJECTED_NO_PORTS);
    } else {
      log.error("key={} REJECT 500: set-up failed", call.key(), e);
      ending.reject(call, 500, "Server Internal Error", false, EndCause.SETUP_ERROR);
    }
  }

  private void onSetupTimeout(Call call) {
    if (call.state() == CallState.SETTING_UP) {
      log.warn(
          "key={} REJECT 503: set-up took longer than {}", call.key(), s.policy().setupTimeout());
      ending.reject(call, 503, "Service Unavailable", true, EndCause.SETUP_TIMEOUT);
    } else if (call.state() == CallState.ACTIVE && call.media() == null) {
      // Answered, but the RTP socket never came up: a silent call; end it rather than keep it.
      log.warn(
          "key={} media not ready {} after the NEW: hanging up",
          call.key(),
          s.policy().setupTimeout());
      ending.hangup(call, EndCause.SETUP_TIMEOUT);
    }
  }

  /** The AI side refused to take the call now ({@link CallAgent#beforeAnswer} failed). */
  static final class AgentNotReadyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AgentNotReadyException(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /** The call ended while a set-up step was in flight; nothing more to do. */
  static final class CallGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallGoneException() {
      super("call ended during set-up", null, false, false);
    }
  }
}
