package org.oavc.connector.report;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.oavc.connector.call.CallView;

/** The end-of-call report of one call: what GET /calls/{key} showed at its end, and more. */
public final class CallReport {
  /** Bumped when a field changes meaning or goes; new fields do not bump it. */
  public static final int VERSION = 1;

  private CallReport() {}

  /**
   * The report of the ended call {@code view}: a fresh "id" (the receiver's idempotency key), the
   * node, the call's fields, "ringingMs" (until the answer or the end) and "talkingMs" (answer to
   * end), and {@code ai} (flavor, transcript with who spoke and when, turn latencies, barge-ins)
   * when the call had an AI side.
   */
  public static JsonObject of(CallView view, JsonObject ai, String nodeId) {
    JsonObject j = view.toJson();
    j.remove("state");
    j.put("id", UUID.randomUUID().toString()).put("version", VERSION).put("node", nodeId);
    Instant end = view.endedAt() != null ? view.endedAt() : Instant.now();
    Instant answered = view.answeredAt();
    j.put("ringingMs", millis(view.createdAt(), answered != null ? answered : end));
    j.put("talkingMs", answered == null ? 0 : millis(answered, end));
    if (ai != null) {
      j.put("ai", ai);
    }
    return j;
  }

  private static long millis(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis());
  }
}
