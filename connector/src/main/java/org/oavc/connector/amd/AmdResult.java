package org.oavc.connector.amd;

import io.vertx.core.json.JsonObject;

/**
 * A detection's outcome.
 *
 * @param reason which rule decided: {@code short_greeting}, {@code long_greeting}, {@code
 *     max_words}, {@code beep}, {@code words}, {@code initial_silence}, {@code too_long}
 * @param decidedAtMillis audio time of the decision, from the answer
 * @param firstVoiceAtMillis audio time of the callee's first voiced frame; -1 if none
 */
public record AmdResult(
    AmdVerdict verdict, String reason, long decidedAtMillis, long firstVoiceAtMillis) {

  /** From the callee's first word to the decision; the whole wait when nothing was said. */
  public long decisionMillis() {
    return firstVoiceAtMillis < 0 ? decidedAtMillis : decidedAtMillis - firstVoiceAtMillis;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("result", verdict.name().toLowerCase(java.util.Locale.ROOT))
        .put("reason", reason)
        .put("decidedAtMs", decidedAtMillis)
        .put("firstVoiceAtMs", firstVoiceAtMillis);
  }
}
