package org.oavc.connector.call;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.opensips.UaSessionReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenSIPS ends sessions without telling anyone (session timer, restart), and callers vanish
 * without BYE. This finds both: it asks OpenSIPS about each live call by key (the keyless list
 * breaks beyond ~120 sessions) and ends calls whose caller sent no RTP for too long.
 */
final class Reconciler {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");

  /** MI requests in flight during a sweep: mi_datagram is one process, do not flood it. */
  private static final int SWEEP_CONCURRENCY = 16;

  /** OpenSIPS session state for an INVITE that has no final reply yet. */
  private static final int STATE_UNANSWERED = 1;

  private final CallServices s;
  private final CallEnding ending;
  private long reconcileTimer = -1;
  private long rtpTimer = -1;
  private boolean sweeping;

  Reconciler(CallServices services, CallEnding ending) {
    this.s = services;
    this.ending = ending;
  }

  void start() {
    reconcileTimer =
        s.vertx().setPeriodic(s.policy().reconcileInterval().toMillis(), id -> reconcile());
    if (!s.policy().rtpTimeout().isZero() || !s.policy().rtpHoldTimeout().isZero()) {
      rtpTimer = s.vertx().setPeriodic(1000, id -> checkRtpActivity());
    }
  }

  void stop() {
    s.vertx().cancelTimer(reconcileTimer);
    s.vertx().cancelTimer(rtpTimer);
  }

  /** Ends every answered call OpenSIPS answers 404 for. MI failures end nothing. */
  Future<Void> reconcile() {
    if (sweeping) {
      return Future.succeededFuture();
    }
    sweeping = true;
    Deque<Call> todo = new ArrayDeque<>();
    for (Call c : s.registry().liveCalls()) {
      if (c.state() == CallState.ACTIVE) {
        todo.add(c);
      }
    }
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < SWEEP_CONCURRENCY && !todo.isEmpty(); i++) {
      workers.add(checkNext(todo));
    }
    return Future.join(workers)
        .<Void>mapEmpty()
        .eventually(
            () -> {
              sweeping = false;
              return Future.succeededFuture();
            });
  }

  private Future<Void> checkNext(Deque<Call> todo) {
    Call call = todo.poll();
    if (call == null) {
      return Future.succeededFuture();
    }
    return s.mi()
        .uaSessionList(call.key())
        .map(
            session -> {
              if (session.isEmpty() && call.state() == CallState.ACTIVE) {
                log.warn("key={} LOST: OpenSIPS no longer has this session", call.key());
                ending.end(call, EndCause.LOST);
              }
              return (Void) null;
            })
        .otherwise(e -> null) // OpenSIPS unreachable: keep the call, ask again next time
        .compose(v -> checkNext(todo));
  }

  private void checkRtpActivity() {
    long now = System.nanoTime();
    for (Call call : new ArrayList<>(s.registry().liveCalls())) {
      if (call.state() != CallState.ACTIVE || call.negotiation() == null || call.media() == null) {
        continue;
      }
      boolean held = call.callerHolds();
      long limit = (held ? s.policy().rtpHoldTimeout() : s.policy().rtpTimeout()).toNanos();
      if (limit == 0) {
        continue;
      }
      long last =
          Math.max(
              call.media().lastPacketNanos(),
              Math.max(call.answeredNanos(), call.mediaChangedNanos()));
      if (now - last > limit) {
        log.info(
            "key={} RTP_TIMEOUT: no RTP for {} s{}",
            call.key(),
            TimeUnit.NANOSECONDS.toSeconds(now - last),
            held ? " while the caller holds the call" : "");
        ending.hangup(call, EndCause.RTP_TIMEOUT);
      }
    }
  }

  /**
   * After (re)subscribing: sessions OpenSIPS raised while nobody listened wait unanswered (no timer
   * ends them). We cannot answer them (their offer is gone), so they get 503 and the caller can
   * retry. Fails like the keyless list itself (plain-text 500) beyond ~120 sessions.
   */
  Future<Integer> rejectStrays() {
    return s.mi()
        .uaSessionList()
        .compose(
            (JsonArray sessions) -> {
              List<Future<Void>> rejects = new ArrayList<>();
              for (Object o : sessions) {
                if (!(o instanceof JsonObject)) {
                  continue;
                }
                JsonObject session = (JsonObject) o;
                String key = session.getString("to_tag");
                if (key == null
                    || s.registry().get(key) != null
                    || session.getInteger("state", -1) != STATE_UNANSWERED) {
                  continue;
                }
                log.warn("key={} STRAY unanswered session (event missed): 503", key);
                UaSessionReply reply =
                    UaSessionReply.of(key, "INVITE", 503, SipStatus.reason(503))
                        .withExtraHeaders("Retry-After: " + s.policy().retryAfterS() + "\r\n");
                rejects.add(s.mi().uaSessionReply(reply).compose(v -> ending.terminate(key, 1)));
              }
              return Future.join(rejects).map(cf -> rejects.size());
            });
  }
}
