package org.oavc.connector.call;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.oavc.connector.cluster.ClaimPurpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the OpenSIPS sessions that no call of ours stands for: calls answered by a connector that
 * crashed (the caller is in dead air) and calls whose NEW nobody heard (they ring forever, as
 * OpenSIPS never times out an unanswered UA session: wire samples 11). Answered ones get a BYE,
 * unanswered ones a 503 with Retry-After. Sessions come from the keys the previous run left in its
 * journal (each asked for by key) and from the keyless list, which fails beyond about 120 sessions
 * (wire samples 15) and then leaves the journal's keys as all there is.
 */
final class OrphanSessions {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");

  /** OpenSIPS session state for an INVITE that has no final reply yet. */
  private static final int STATE_UNANSWERED = 1;

  /** MI requests in flight: mi_datagram is one process, do not flood it. */
  private static final int CONCURRENCY = 16;

  /**
   * A session listed before its NEW reached us is not an orphan: wait this long, then end only what
   * is still unknown. OpenSIPS sends the NEW right after creating the session.
   */
  private static final long SETTLE_MS = 1000;

  private final CallServices s;
  private final CallEnding ending;

  OrphanSessions(CallServices services, CallEnding ending) {
    this.s = services;
    this.ending = ending;
  }

  /**
   * How a sweep went: what it ended, whether the keyless list could be read, and which journal keys
   * OpenSIPS answered for (those need no asking again; the others stay in the journal).
   */
  record Outcome(int hungUp, int rejected, boolean listed, Set<String> settledKeys) {}

  /** Finds and ends orphans; {@code journalKeys} are asked for one by one. Never fails. */
  Future<Outcome> sweep(Collection<String> journalKeys) {
    Map<String, JsonObject> found = new LinkedHashMap<>();
    Set<String> settled = new HashSet<>();
    return byKey(new ArrayDeque<>(journalKeys), found, settled)
        .compose(
            v ->
                s.mi()
                    .uaSessionList()
                    .map(
                        list -> {
                          collect(list, found);
                          return true;
                        })
                    .otherwise(
                        e -> {
                          log.warn(
                              "keyless ua_session_list failed ({}): only the {} journal key(s) were checked"
                                  + " for orphaned sessions",
                              e.getMessage(),
                              journalKeys.size());
                          return false;
                        }))
        .compose(
            listed ->
                found.isEmpty()
                    ? Future.succeededFuture(new Outcome(0, 0, listed, settled))
                    : s.after(SETTLE_MS).compose(v -> endAll(found, listed, settled)));
  }

  private Future<Void> byKey(
      Deque<String> keys, Map<String, JsonObject> found, Set<String> settled) {
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < CONCURRENCY && !keys.isEmpty(); i++) {
      workers.add(nextKey(keys, found, settled));
    }
    return Future.join(workers).mapEmpty();
  }

  private Future<Void> nextKey(
      Deque<String> keys, Map<String, JsonObject> found, Set<String> settled) {
    String key = keys.poll();
    if (key == null) {
      return Future.succeededFuture();
    }
    return s.mi()
        .uaSessionList(key)
        .map(
            session -> {
              session.ifPresent(j -> found.put(key, j));
              settled.add(key);
              return (Void) null;
            })
        .otherwise(
            e -> {
              log.warn(
                  "key={} could not be checked for an orphaned session: {}", key, e.getMessage());
              return null;
            })
        .compose(v -> nextKey(keys, found, settled));
  }

  private static void collect(JsonArray sessions, Map<String, JsonObject> found) {
    for (Object o : sessions) {
      if (o instanceof JsonObject session && session.getValue("to_tag") instanceof String key) {
        found.putIfAbsent(key, session); // a UAS session's key is its To-tag (wire samples 10)
      }
    }
  }

  private Future<Outcome> endAll(
      Map<String, JsonObject> found, boolean listed, Set<String> settled) {
    List<Future<Void>> work = new ArrayList<>();
    int[] hungUp = {0};
    int[] rejected = {0};
    for (Map.Entry<String, JsonObject> e : found.entrySet()) {
      String key = e.getKey();
      if (s.registry().get(key) != null) {
        continue; // its NEW came after all: a call of ours
      }
      boolean unanswered = e.getValue().getInteger("state", -1) == STATE_UNANSWERED;
      // In a cluster a session nobody here holds may be another member's call (or a dead one's,
      // awaiting its failover): only a key this node wins the claim of is an orphan.
      work.add(
          s.ownership()
              .claim(key, ClaimPurpose.ORPHAN_SWEEP)
              .otherwise(false)
              .compose(
                  won -> {
                    if (!won) {
                      return Future.<Void>succeededFuture();
                    }
                    (unanswered ? rejected : hungUp)[0]++;
                    s.metrics().orphans(unanswered ? 0 : 1, unanswered ? 1 : 0);
                    return ending
                        .endSession(key, unanswered)
                        .eventually(() -> s.ownership().release(key));
                  }));
    }
    return Future.join(work)
        .transform(
            ar -> Future.succeededFuture(new Outcome(hungUp[0], rejected[0], listed, settled)));
  }
}
