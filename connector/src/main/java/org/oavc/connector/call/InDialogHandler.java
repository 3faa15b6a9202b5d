package org.oavc.connector.call;

import io.vertx.core.Future;
import org.oavc.connector.opensips.UaSessionEvent;
import org.oavc.connector.opensips.UaSessionReply;
import org.oavc.connector.sdp.SdpException;
import org.oavc.connector.sdp.SdpNegotiation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UPDATED events: requests from the caller inside a dialog. OpenSIPS answers none of them (only BYE
 * and CANCEL), so each one gets our reply at once, or the caller retransmits for 32 s and gives up
 * on the call.
 */
final class InDialogHandler {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");

  /** Methods we accept in a dialog; anything else gets 405 with this Allow list. */
  static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE, NOTIFY";

  private final CallServices s;
  private final CallEnding ending;

  InDialogHandler(CallServices services, CallEnding ending) {
    this.s = services;
    this.ending = ending;
  }

  void handle(Call call, UaSessionEvent ev) {
    String method = ev.method();
    switch (method) {
      case "ACK" -> {} // reported only with flag a; never answered
      case "INVITE" -> offer(call, ev, "INVITE");
      case "UPDATE" -> {
        if (ev.body() == null || ev.body().isBlank()) {
          reply(call, ev, 200);
        } else {
          offer(call, ev, "UPDATE");
        }
      }
      case "INFO" -> {
        log.info("key={} INFO {}", call.key(), summary(ev));
        reply(call, ev, 200);
      }
      case "OPTIONS" -> reply(call, ev, 200);
      case "NOTIFY" -> {
        reply(call, ev, 200);
        transferProgress(call, ev);
      }
      default -> {
        log.info("key={} {} not supported in dialog: 405", call.key(), method);
        s.mi()
            .uaSessionReply(
                UaSessionReply.of(call.key(), method, 405, SipStatus.reason(405))
                    .withExtraHeaders("Allow: " + ALLOW + "\r\n"))
            .onFailure(e -> log.warn("key={} 405 not sent: {}", call.key(), e.getMessage()));
      }
    }
  }

  /** A re-INVITE or UPDATE with a new offer (hold, resume, new address): answered with SDP. */
  private void offer(Call call, UaSessionEvent ev, String method) {
    if (call.state() == CallState.ANSWERING) {
      // The request proves the caller has our 200; OpenSIPS's "OK" for it is still on its way.
      call.whenAnswerSettled(() -> offer(call, ev, method));
      return;
    }
    if (call.state() != CallState.ACTIVE || call.port() == null) {
      // RFC 3261 14.2: an offer while ours is still pending gets 491, and the caller retries.
      reply(call, ev, 491);
      return;
    }
    // A WebRTC caller's offer and our answer pass through the bridge; others pass unchanged.
    s.bridge()
        .callerOffer(call.key(), ev.body())
        .compose(
            offer -> {
              SdpNegotiation n;
              try {
                n = s.negotiate(call, offer, call.negotiation());
              } catch (SdpException e) {
                return Future.failedFuture(e);
              }
              return s.bridge()
                  .ourAnswer(call.key(), n.localSdp())
                  .onSuccess(callerSdp -> answered(call, method, ev.body(), n, callerSdp));
            })
        .onFailure(e -> offerFailed(call, ev, e));
  }

  private void answered(
      Call call, String method, String offer, SdpNegotiation n, String callerSdp) {
    if (call.state() != CallState.ACTIVE || call.port() == null) {
      return; // ended while the bridge worked
    }
    call.negotiated(n);
    if (s.ownership().clustered() && offer != null && !offer.isBlank()) {
      s.records().media(ReplicatedCalls.of(call, offer, n)); // a take-over answers this offer now
    }
    if (call.media() != null) {
      call.media().apply(n);
    }
    log.info(
        "key={} RE-{} direction={} codec={}",
        call.key(),
        method,
        n.localDirection().name().toLowerCase(),
        n.codec().name());
    s.mi()
        .uaSessionReply(UaSessionReply.of(call.key(), method, 200, "OK").withBody(callerSdp))
        .onFailure(
            e -> log.warn("key={} {} answer not sent: {}", call.key(), method, e.getMessage()));
  }

  /** The call goes on with the media it had. */
  private void offerFailed(Call call, UaSessionEvent ev, Throwable e) {
    if (e instanceof SdpException se) {
      log.info("key={} re-offer refused {}: {}", call.key(), se.sipStatus(), se.getMessage());
      reply(call, ev, se.sipStatus());
    } else if (e instanceof MediaBridgeUnavailableException) {
      log.warn("key={} re-offer 503: media bridge unavailable: {}", call.key(), e.getMessage());
      reply(call, ev, 503);
    } else {
      log.error("key={} re-offer failed: 500", call.key(), e);
      reply(call, ev, 500);
    }
  }

  /** NOTIFY of a REFER we sent: a final sipfrag 2xx means the caller reached the target. */
  private void transferProgress(Call call, UaSessionEvent ev) {
    String event = ev.header("Event", "o");
    String state = ev.header("Subscription-State", null);
    if (event == null || !event.toLowerCase().startsWith("refer") || state == null) {
      return;
    }
    String frag = ev.body() == null ? "" : ev.body().trim();
    log.info("key={} TRANSFER progress: {} ({})", call.key(), frag, state);
    if (state.toLowerCase().startsWith("terminated") && frag.matches("SIP/2\\.0 2\\d\\d.*")) {
      ending.hangup(call, EndCause.HANGUP); // transferred: our leg is done
    }
  }

  private void reply(Call call, UaSessionEvent ev, int code) {
    s.mi()
        .uaSessionReply(UaSessionReply.of(call.key(), ev.method(), code, SipStatus.reason(code)))
        .onFailure(
            e ->
                log.warn(
                    "key={} {} {} not sent: {}", call.key(), code, ev.method(), e.getMessage()));
  }

  private static String summary(UaSessionEvent ev) {
    String b = ev.body() == null ? "" : ev.body().replace("\r\n", " ").trim();
    return b.length() > 80 ? b.substring(0, 80) + "..." : b;
  }
}
