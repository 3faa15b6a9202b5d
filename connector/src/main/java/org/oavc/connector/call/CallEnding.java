package org.oavc.connector.call;

import io.vertx.core.Future;
import java.time.Duration;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.opensips.MiException;
import org.oavc.connector.opensips.MiTimeoutException;
import org.oavc.connector.opensips.UaSessionReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every way a call ends goes through here, so that each path answers the caller (no dead air),
 * removes the session from OpenSIPS (it keeps rejected and cancelled ones forever otherwise) and
 * releases exactly the port and socket the call holds.
 */
final class CallEnding {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");
  private final CallServices s;

  CallEnding(CallServices services) {
    this.s = services;
  }

  /**
   * Final error reply to the INVITE, then removal of the lingering session. The terminate waits a
   * little so the caller's ACK of the error still finds its transaction.
   */
  Future<Void> reject(Call call, int code, String reason, boolean retryAfter, EndCause cause) {
    call.state(CallState.ENDING);
    call.finalStatus(code);
    UaSessionReply reply = UaSessionReply.of(call.key(), "INVITE", code, reason);
    if (retryAfter && s.policy().retryAfterS() > 0) {
      reply = reply.withExtraHeaders("Retry-After: " + s.policy().retryAfterS() + "\r\n");
    }
    Future<Void> sent =
        s.mi()
            .uaSessionReply(reply)
            .onFailure(
                e ->
                    log.warn(
                        "key={} could not send {} {}: {}",
                        call.key(),
                        code,
                        reason,
                        e.getMessage()))
            .otherwiseEmpty()
            .mapEmpty();
    return sent.compose(
        v -> {
          end(call, cause);
          return s.after(s.policy().rejectCleanupDelay().toMillis())
              .compose(x -> terminate(call.key(), 1));
        });
  }

  /** Our hang-up of an answered call: BYE through OpenSIPS, then local clean-up. */
  Future<Void> hangup(Call call, EndCause cause) {
    call.state(CallState.ENDING);
    return terminate(call.key(), 1)
        .eventually(
            () -> {
              end(call, cause);
              return Future.succeededFuture();
            });
  }

  /**
   * ua_session_terminate, retried on timeout: repeating it is harmless (a second one answers "500
   * Failed to terminate session", which means the session is already gone).
   */
  Future<Void> terminate(String key, int attempt) {
    return s.mi()
        .uaSessionTerminate(key)
        .recover(
            e -> {
              if (e instanceof MiTimeoutException && attempt < s.policy().terminateAttempts()) {
                return s.after(200L * attempt).compose(v -> terminate(key, attempt + 1));
              }
              if (e instanceof MiException && ((MiException) e).code() == 500) {
                return Future.succeededFuture(); // already gone in OpenSIPS
              }
              log.warn("key={} ua_session_terminate failed: {}", key, e.getMessage());
              return Future.succeededFuture();
            });
  }

  /**
   * Another node owns the call now: local end only, no SIP (a BYE or a terminate would end the call
   * the new owner carries on).
   */
  void surrender(Call call, String newOwner) {
    log.warn(
        "key={} MOVED: node {} owns the call now; stopping media and AI here",
        call.key(),
        newOwner);
    end(call, EndCause.MOVED);
  }

  /**
   * Ends an OpenSIPS session no call of ours stands for: a ringing INVITE gets 503 with Retry-After
   * (the caller may try again), an answered session a BYE.
   */
  Future<Void> endSession(String key, boolean unanswered) {
    if (unanswered) {
      log.warn("key={} ORPHAN unanswered session (its NEW was never handled): 503", key);
      UaSessionReply reply =
          UaSessionReply.of(key, "INVITE", 503, SipStatus.reason(503))
              .withExtraHeaders("Retry-After: " + s.policy().retryAfterS() + "\r\n");
      return s.mi().uaSessionReply(reply).otherwise((Void) null).compose(v -> terminate(key, 1));
    }
    log.warn("key={} ORPHAN answered session (no connector holds it): BYE", key);
    return terminate(key, 1);
  }

  /** Local end: releases media and port, retires the record, counts and logs it. Idempotent. */
  void end(Call call, EndCause cause) {
    if (call.isEnded()) {
      return;
    }
    if (call.setupTimerId() >= 0) {
      s.vertx().cancelTimer(call.setupTimerId());
    }
    long rtpIn = call.media() == null ? 0 : call.media().packetsReceived();
    call.ended(cause);
    if (call.handedToAgent()) {
      try {
        s.agent().ended(call); // before the media closes, so the AI side can detach cleanly
      } catch (RuntimeException e) {
        log.error("key={} AI side failed to end cleanly", call.key(), e);
      }
    }
    s.recordings().stop(call.key()); // its last frames are written before the file closes
    MediaSession media = call.detachMedia();
    if (media != null) {
      media.close();
    }
    Integer port = call.detachPort();
    Future<MediaSession> opening = call.mediaOpening();
    if (port != null && opening != null && !opening.isComplete()) {
      // The bind is still running: the port goes back only once that socket is closed again
      // (CallSetup closes a session that binds for an ended call), or the next call may get it
      // while it is still bound.
      opening
          .transform(ar -> ar.succeeded() ? ar.result().close() : Future.<Void>succeededFuture())
          .onComplete(ar -> s.ports().release(port));
    } else if (port != null) {
      s.ports().release(port);
    }
    s.bridge().ended(call.key());
    s.registry().retire(call);
    if (cause != EndCause.MOVED) {
      s.records().remove(call.key());
      s.ownership().release(call.key());
    } // a moved call's owner entry and record are its new owner's

    s.metrics().ended(cause);
    CallView v = call.view();
    log.info(
        "key={} END cause={} status={} from={} to={} callId={} rtpIn={} durationMs={}{}",
        call.key(),
        cause,
        v.finalStatus(),
        v.from(),
        v.to(),
        v.callId(),
        rtpIn,
        v.answeredAt() == null ? 0 : Duration.between(v.answeredAt(), v.endedAt()).toMillis(),
        call.handedToAgent() ? aiSummary(call) : "");
  }

  private String aiSummary(Call call) {
    try {
      String summary = s.agent().endSummary(call);
      return summary == null || summary.isEmpty() ? "" : " " + summary;
    } catch (RuntimeException e) {
      return "";
    }
  }
}
