package org.oavc.connector.ai;

import java.util.Map;
import org.oavc.common.settings.Settings;

/**
 * Bounds on what one call's AI side may hold, so that a back end that outruns real time or stops
 * reading, or a very long call, cannot grow memory without limit: the one reader of their keys.
 *
 * @param playoutMaxMillis agent audio queued towards the caller beyond which more is dropped
 * @param sendQueueMaxBytes bytes waiting on a back end's WebSocket beyond which caller audio is
 *     dropped
 * @param sendStallMillis how long that queue may stay full before the back end counts as failed
 * @param transcriptTurnMaxChars longest transcript turn kept; longer ones are cut
 * @param transcriptMaxTurns turns kept per call, the oldest dropped first
 * @param chatHistoryMaxChars characters of chat history sent with each chat request (pipeline), the
 *     oldest exchanges dropped first
 */
public record AiLimitOptions(
    int playoutMaxMillis,
    long sendQueueMaxBytes,
    int sendStallMillis,
    int transcriptTurnMaxChars,
    int transcriptMaxTurns,
    int chatHistoryMaxChars) {

  /**
   * AI_PLAYOUT_MAX_S, AI_SEND_QUEUE_MAX_KB, AI_SEND_STALL_MS, AI_TRANSCRIPT_TURN_MAX_CHARS,
   * AI_TRANSCRIPT_MAX_TURNS, AI_CHAT_HISTORY_MAX_CHARS.
   */
  public static AiLimitOptions fromSettings(Settings s) {
    return new AiLimitOptions(
        s.integer("AI_PLAYOUT_MAX_S", 1, 3600) * 1000,
        s.integer("AI_SEND_QUEUE_MAX_KB", 16, 1 << 20) * 1024L,
        s.integer("AI_SEND_STALL_MS", 100, 600_000),
        s.integer("AI_TRANSCRIPT_TURN_MAX_CHARS", 16, 1_000_000),
        s.integer("AI_TRANSCRIPT_MAX_TURNS", 1, 100_000),
        s.integer("AI_CHAT_HISTORY_MAX_CHARS", 1000, 10_000_000));
  }

  /** Marks a turn cut to the length bound. */
  public static final String CUT_MARK = " [...]";

  /** {@code text} cut to this bound's turn length. */
  public String capTurn(String text) {
    return capped(text, transcriptTurnMaxChars);
  }

  /**
   * {@code text} cut to {@code maxChars}, marked as cut: what a back end or a speech recogniser
   * sends has no length limit of its own.
   */
  public static String capped(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    int end = maxChars;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split a character in two
    }
    return text.substring(0, end) + CUT_MARK;
  }

  /** The shipped defaults (config/oavc.env): for options built in code rather than from a file. */
  public static AiLimitOptions defaults() {
    return fromSettings(Settings.defaultsWith(Map.of()));
  }
}
