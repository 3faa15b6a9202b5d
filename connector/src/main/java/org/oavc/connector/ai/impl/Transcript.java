package org.oavc.connector.ai.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.oavc.connector.ai.AiLimitOptions;
import org.oavc.connector.ai.EarlierTurn;
import org.oavc.connector.ai.Speaker;

/**
 * The turns of one call, oldest dropped beyond a bound so a long call cannot grow without limit.
 * Written on the conversation's context, read by the management API from other threads.
 */
public final class Transcript {
  /** One thing said. {@code interrupted}: the caller talked over it (barge-in). */
  public record Turn(Instant at, Speaker speaker, String text, boolean interrupted) {
    JsonObject toJson() {
      return new JsonObject()
          .put("at", at.toString())
          .put("speaker", speaker.name().toLowerCase())
          .put("text", text)
          .put("interrupted", interrupted);
    }
  }

  private final int maxTurns;
  private final int maxChars;
  private final List<Turn> turns = new ArrayList<>();
  private int dropped;
  private final Consumer<Turn> onTurn;

  /** Keeps the latest {@code maxTurns} turns, each at most {@code maxChars} characters. */
  public Transcript(int maxTurns, int maxChars) {
    this(maxTurns, maxChars, t -> {});
  }

  /** {@code onTurn} hears of every turn kept, as it is added (the cluster's copy). */
  public Transcript(int maxTurns, int maxChars, Consumer<Turn> onTurn) {
    this.maxTurns = maxTurns;
    this.maxChars = maxChars;
    this.onTurn = onTurn;
  }

  public synchronized void add(Speaker speaker, String text, boolean interrupted) {
    if (text == null || text.isBlank()) {
      return;
    }
    Turn turn =
        new Turn(
            Instant.now(), speaker, AiLimitOptions.capped(text.strip(), maxChars), interrupted);
    turns.add(turn);
    onTurn.accept(turn);
    if (turns.size() > maxTurns) {
      turns.remove(0);
      dropped++;
    }
  }

  /**
   * Starts from the turns of a dead node's session (a call taken over): kept and shown, not heard
   * of by the listener, as the cluster's record has them already.
   */
  public synchronized void seed(List<EarlierTurn> earlier) {
    for (EarlierTurn t : earlier) {
      turns.add(new Turn(Instant.now(), t.speaker(), t.text(), false));
    }
    while (turns.size() > maxTurns) {
      turns.remove(0);
    }
  }

  /** Marks the agent's latest turn as cut short by the caller. */
  public synchronized void markLastAgentTurnInterrupted() {
    for (int i = turns.size() - 1; i >= 0; i--) {
      Turn t = turns.get(i);
      if (t.speaker() == Speaker.AGENT) {
        turns.set(i, new Turn(t.at(), t.speaker(), t.text(), true));
        return;
      }
    }
  }

  public synchronized List<Turn> turns() {
    return List.copyOf(turns);
  }

  public synchronized JsonArray toJson() {
    JsonArray a = new JsonArray();
    turns.forEach(t -> a.add(t.toJson()));
    return a;
  }

  /** For the call-end log line: counts and the last words, short. */
  public synchronized String summary() {
    long caller = turns.stream().filter(t -> t.speaker() == Speaker.CALLER).count();
    long agent = turns.size() - caller;
    long interrupted = turns.stream().filter(Turn::interrupted).count();
    String last = turns.isEmpty() ? "" : turns.get(turns.size() - 1).text();
    if (last.length() > 60) {
      last = last.substring(0, 57) + "...";
    }
    return "turns="
        + (turns.size() + dropped)
        + " caller="
        + caller
        + " agent="
        + agent
        + " interrupted="
        + interrupted
        + " last=\""
        + last.replace('"', '\'')
        + "\"";
  }
}
