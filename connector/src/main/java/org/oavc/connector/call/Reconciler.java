package org.oavc.connector.call;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  /**
   * Hangs up unless another node owns the call now (this one was frozen and the call was taken
   * over: the silence is the caller talking to the new owner); then it is only given up here.
   */
  private void hangupIfOwned(Call call, EndCause cause) {
    if (!s.ownership().clustered()) {
      ending.hangup(call, cause);
      return;
    }
    stillOwned(call)
        .onSuccess(
            owned -> {
              if (owned && call.state() == CallState.ACTIVE) {
                ending.hangup(call, cause);
              }
            });
  }

  /**
   * False (and the call given up here, without SIP) when the owner map names another node; true
   * when it names this one or cannot be read.
   */
  private Future<Boolean> stillOwned(Call call) {
    String me = s.ownership().nodeId();
    return s.ownership()
        .ownerOf(call.key())
        .map(
            owner -> {
              if (owner.isPresent() && !owner.get().equals(me) && !call.isEnded()) {
                ending.surrender(call, owner.get());
                return false;
              }
              return true;
            })
        .otherwise(true);
  }

  private Future<Void> checkNext(Deque<Call> todo) {
    Call call = todo.poll();
    if (call == null) {
      return Future.succeededFuture();
    }
    if (s.ownership().clustered()) {
      return stillOwned(call)
          .compose(owned -> owned ? checkSession(call) : Future.succeededFuture())
          .compose(v -> checkNext(todo));
    }
    return checkSession(call).compose(v -> checkNext(todo));
  }

  /** Ends the call when OpenSIPS no longer has its session. */
  private Future<Void> checkSession(Call call) {
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
        .otherwise(e -> null); // OpenSIPS unreachable: keep the call, ask again next time
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
        hangupIfOwned(call, EndCause.RTP_TIMEOUT);
      }
    }
  }
}
