package org.oavc.connector.ai;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What an {@link AiSession} may do to its call. Methods must be called on {@link #context()}
 * (callbacks from client libraries' own threads hop there with {@code context().runOnContext}).
 */
public interface AiCall {

  /** Who called whom, the negotiated codec. */
  AiCallInfo info();

  /** Instructions, voice, tools... chosen for this call (config rules or bot-config URL). */
  AgentProfile profile();

  /** The conversation's Vert.x context: timers, and where library callbacks must hop to. */
  Context context();

  /** Queues agent audio (at the session's sample rate) after what is already queued. */
  void play(short[] pcm);

  /**
   * Position in the agent's audio timeline, in ms: {@link #queuedMillis()} counts everything handed
   * to {@link #play} so far, {@link #playedMillis()} what actually went out to the caller. A
   * session that remembers {@code queuedMillis()} when an answer starts can tell, at any moment,
   * how much of that answer was heard: {@code playedMillis() - mark}.
   */
  long queuedMillis();

  long playedMillis();

  /** True while queued agent audio remains to be sent. */
  boolean playing();

  /**
   * Stops playback at once (the back end detected the caller speaking, e.g. server VAD): drops what
   * is queued; afterwards {@code queuedMillis() == playedMillis()}.
   */
  void stopPlayback();

  /**
   * What was said before this session (a call taken over from a dead node): the session primes its
   * back end with it and does not greet again. Empty for a new call.
   */
  default java.util.List<EarlierTurn> earlierTurns() {
    return java.util.List.of();
  }

  /** Records a transcript turn (shown in GET /calls/{key} and the call-end log line). */
  void transcript(Speaker speaker, String text, boolean interrupted);

  /**
   * Runs a tool the model called: the built-ins {@code hang_up}, {@code transfer}, {@code
   * send_dtmf}, or an HTTP tool from the config. The JSON result goes back to the model ({@code
   * function_call_output} or the pipeline's tool message); an unknown tool or a failing endpoint
   * yields {@code {"error": "..."}}, never a failed future.
   */
  Future<JsonObject> invokeTool(String name, JsonObject arguments);

  /** Timings of one agent turn (caller stopped speaking -> our first audio), for the metrics. */
  void turnTimings(TurnTimings timings);

  /**
   * The back end is gone mid-call and the session's own single reconnect failed (or it cannot
   * reconnect): the conversation applies the configured fallback (another flavor, a transfer, or an
   * apology and a clean hang-up). The session is closed by the caller of this method.
   */
  void failed(Throwable cause);
}
