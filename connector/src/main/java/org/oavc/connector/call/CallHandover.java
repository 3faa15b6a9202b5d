package org.oavc.connector.call;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import org.oavc.connector.cluster.CallMove;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node handing its calls to the other nodes while it is alive (POST /drain, and a clustered
 * daemon's stop): it asks them to take its calls. They race per call as in a failover; the one that
 * wins re-INVITEs the caller to itself, primes a new AI session with the conversation so far, and
 * then says so. Only then does this node stop that call's media and AI, without SIP, so the caller
 * is never left without a stream. Asked again every second until no call is left or the time is up:
 * calls still ringing are taken once answered. A call that cannot move (a WebRTC call through
 * rtpengine) stays here to its end.
 */
final class CallHandover {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");
  private static final long CHECK_EVERY_MS = 200;
  private static final int ASK_EVERY_CHECKS = 5;

  /**
   * How long a draining node waits before claiming a new call: the other nodes claim it long
   * before; should none be left, the call is still answered, only later.
   */
  static final long CLAIM_DELAY_MS = 1000;

  private final CallServices s;
  private final CallEnding ending;
  private final CallClaims claims;
  private int moved;

  CallHandover(CallServices services, CallEnding ending, CallClaims claims) {
    this.s = services;
    this.ending = ending;
    this.claims = claims;
  }

  /** Listens for this node's calls moved away; on the controller's context. */
  void start() {
    s.handoffs().onMoved(this::onMoved);
  }

  /** The one flag is the claims': they claim new calls last while it is set. */
  boolean handingOver() {
    return claims.handingOver();
  }

  /** Takes new calls again (an operator's drain undone, the node stays up). */
  void stop() {
    claims.handingOver(false);
  }

  /**
   * Hands this node's calls to the others within {@code within}. Fails with {@link
   * IllegalStateException} when no other node is a member.
   */
  Future<HandoverReport> handOver(Duration within) {
    if (s.handoffs().otherNodes() < 1) {
      return Future.failedFuture(
          new IllegalStateException("no other node in the cluster to take the calls"));
    }
    claims.handingOver(true);
    int calls = s.registry().activeCount();
    log.warn("cluster: DRAIN of {} call(s) within {} s", calls, within.toSeconds());
    Promise<HandoverReport> done = Promise.promise();
    long deadline = System.nanoTime() + within.toNanos();
    check(0, moved, deadline, done);
    return done.future();
  }

  private void check(int tick, int movedBefore, long deadline, Promise<HandoverReport> done) {
    int left = s.registry().activeCount();
    boolean alone = s.handoffs().otherNodes() < 1;
    if (left == 0 || alone || System.nanoTime() - deadline >= 0) {
      HandoverReport report = new HandoverReport(moved - movedBefore, left);
      if (alone && left > 0) {
        log.warn("cluster: drain stopped, no other node left; {} call(s) stay here", left);
      }
      log.warn("cluster: drain done: {} moved, {} left here", report.moved(), report.left());
      done.complete(report);
      return;
    }
    if (tick % ASK_EVERY_CHECKS == 0) {
      s.handoffs()
          .askToTakeCallsOf(s.ownership().nodeId())
          .onFailure(e -> log.warn("cluster: drain request not sent: {}", e.toString()));
    }
    s.vertx().setTimer(CHECK_EVERY_MS, id -> check(tick + 1, movedBefore, deadline, done));
  }

  private void onMoved(CallMove move) {
    if (!move.from().equals(s.ownership().nodeId())) {
      return;
    }
    Call call = s.registry().get(move.key());
    if (call != null && !call.isEnded()) {
      moved++;
      ending.surrender(call, move.to());
    }
  }
}
