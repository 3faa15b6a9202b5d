package org.oavc.connector.call;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.oavc.connector.cluster.ClaimPurpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of call ownership: it claims each NEW (after a delay that grows with its load),
 * holds back the events of a key while its claim is in flight, and remembers the keys another node
 * won so their later events are ignored, not answered with 481. Alone every claim is won at once
 * and nothing waits. Runs on the controller's event loop.
 */
final class CallClaims {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");

  /** Keys of other nodes' calls remembered at most; the oldest go first (their TERMINATED lost). */
  private static final int FOREIGN_KEYS = 100_000;

  private final CallServices s;
  private final Map<String, Future<Boolean>> inFlight = new HashMap<>();
  private final Map<String, Boolean> foreign =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > FOREIGN_KEYS;
        }
      };

  /**
   * This node hands its calls over: it claims new calls last ({@link CallHandover#CLAIM_DELAY_MS}).
   */
  private volatile boolean handingOver;

  CallClaims(CallServices services) {
    this.s = services;
  }

  /**
   * Claims a new call's key after this node's load delay; completes with true when this node owns
   * the call. Lost or failed claims mark the key foreign. Already complete when alone.
   */
  Future<Boolean> claimNew(String key) {
    long delay =
        handingOver
            ? CallHandover.CLAIM_DELAY_MS
            : s.cluster().claimDelayMillis(s.registry().activeCount());
    // Alone (no delay) the claim is made on this very event, so it is already complete.
    Future<Boolean> claim =
        delay == 0
            ? s.ownership().claim(key, ClaimPurpose.NEW_CALL)
            : s.after(delay).compose(v -> s.ownership().claim(key, ClaimPurpose.NEW_CALL));
    Future<Boolean> settled = claim.otherwise(false);
    if (settled.isComplete()) {
      settle(key, settled.result());
      return settled;
    }
    Future<Boolean> outcome =
        settled.map(
            won -> {
              inFlight.remove(key);
              settle(key, won);
              return won;
            });
    // The NEW's own handler is registered on it first, so the call exists (or is known foreign)
    // before any event held back meanwhile runs.
    inFlight.put(key, outcome);
    return outcome;
  }

  private void settle(String key, boolean won) {
    if (!won) {
      foreign.put(key, Boolean.TRUE);
      log.debug("key={} owned by another node: its events are ignored here", key);
    }
  }

  /** Whether this node is handing its calls over (read by the management API's thread too). */
  boolean handingOver() {
    return handingOver;
  }

  void handingOver(boolean on) {
    handingOver = on;
  }

  /** The claim in flight for {@code key}, or null. */
  Future<Boolean> inFlight(String key) {
    return inFlight.get(key);
  }

  boolean isForeign(String key) {
    return foreign.containsKey(key);
  }

  /** The session is over: nothing more will come for it. */
  void forget(String key) {
    foreign.remove(key);
  }

  /**
   * For a session no call of ours stands for: runs {@code answer} (a 481, a 487) on one node only,
   * the one that wins a claim of the key, and releases the claim afterwards. A key another node
   * owns is left to it and remembered as foreign. Alone: runs at once.
   */
  void answerUnknown(String key, Runnable answer) {
    if (!s.ownership().clustered()) {
      answer.run();
      return;
    }
    s.ownership()
        .claim(key, ClaimPurpose.UNKNOWN_KEY)
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result()) {
                try {
                  answer.run();
                } finally {
                  s.ownership().release(key);
                }
              } else if (ar.succeeded()) {
                foreign.put(key, Boolean.TRUE);
              }
            });
  }
}
