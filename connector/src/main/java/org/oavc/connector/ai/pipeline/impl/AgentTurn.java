package org.oavc.connector.ai.pipeline.impl;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.oavc.connector.ai.TurnTimings;

/**
 * One agent turn: the answer to one caller utterance (or the greeting). It has one round per chat
 * request: the first, and one more after each batch of tool calls. Holds the turn's timestamps for
 * {@link TurnTimings}. Used on the call's context only.
 */
final class AgentTurn {
  private final long endOfSpeechNanos;
  private final long sttFinalNanos;
  private long firstTokenNanos = -1;
  private long firstSpeechByteNanos = -1;
  private long firstAudioNanos = -1;
  private boolean timingsReported;
  private boolean retried;
  private boolean cancelled;
  final List<Round> rounds = new ArrayList<>();

  /**
   * @param sttFinalNanos when the final transcript arrived; -1 when the turn did not come from
   *     speech (caller text, greeting)
   * @param measured false for the greeting, which answers nobody and is not timed
   */
  AgentTurn(long endOfSpeechNanos, long sttFinalNanos, boolean measured) {
    this.endOfSpeechNanos = endOfSpeechNanos;
    this.sttFinalNanos = sttFinalNanos;
    this.timingsReported = !measured;
  }

  /** One chat request of the turn and the reply it is speaking. */
  static final class Round {
    final SpokenReply reply;
    final SentenceSplitter splitter = new SentenceSplitter();
    final StringBuilder content = new StringBuilder();

    /** After a retried chat request: how much of the new content the failed one already gave. */
    int skipChars;

    ChatStream chat;
    List<ToolCall> toolCalls = List.of();

    /** The assistant message in the history once the round's chat is done; null before. */
    JsonObject message;

    boolean toolsRun;

    Round(SpokenReply reply) {
      this.reply = reply;
    }

    /** Takes a piece of content, minus what a retry repeats; returns the new text ("" if none). */
    String accept(String piece) {
      int skip = Math.min(skipChars, piece.length());
      skipChars -= skip;
      String fresh = piece.substring(skip);
      content.append(fresh);
      return fresh;
    }
  }

  Round newRound(SpokenReply reply) {
    Round r = new Round(reply);
    rounds.add(r);
    return r;
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Cancels every request of the turn; nothing more is played. */
  void cancel() {
    cancelled = true;
    for (Round r : rounds) {
      if (r.chat != null) {
        r.chat.cancel();
      }
      r.reply.cancel();
    }
  }

  /** True the first time only: the turn may retry one failed request. */
  boolean takeRetry() {
    if (retried) {
      return false;
    }
    retried = true;
    return true;
  }

  long queuedMillis() {
    return rounds.stream().mapToLong(r -> r.reply.queuedMillis()).sum();
  }

  /** Everything the agent said or is saying in this turn. */
  String text() {
    return String.join(
        " ", rounds.stream().map(r -> r.reply.text()).filter(t -> !t.isEmpty()).toList());
  }

  void firstToken(long now) {
    if (firstTokenNanos < 0) {
      firstTokenNanos = now;
    }
  }

  void firstSpeechByte(long now) {
    if (firstSpeechByteNanos < 0) {
      firstSpeechByteNanos = now;
    }
  }

  /** Marks the first audio; the timings to report, once per turn (null afterwards). */
  TurnTimings firstAudio(long now) {
    if (firstAudioNanos < 0) {
      firstAudioNanos = now;
    }
    return timings();
  }

  /** The timings if not reported yet (stages that did not happen are -1), else null. */
  TurnTimings timings() {
    if (timingsReported) {
      return null;
    }
    timingsReported = true;
    return new TurnTimings(
        since(sttFinalNanos),
        since(firstTokenNanos),
        since(firstSpeechByteNanos),
        since(firstAudioNanos));
  }

  private long since(long nanos) {
    return nanos < 0 ? -1 : Math.max(0, (nanos - endOfSpeechNanos) / 1_000_000);
  }
}
