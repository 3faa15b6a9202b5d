package org.oavc.connector.call;

import io.vertx.core.Future;

/**
 * The AI side of calls as the call layer sees it. All methods run on the call controller's context
 * and must not block.
 */
public interface CallAgent {

  /** No AI: calls are answered and carry media only (tests of the call layer, line checks). */
  CallAgent NONE =
      new CallAgent() {
        @Override
        public void answered(Call call) {}

        @Override
        public void ended(Call call) {}
      };

  /**
   * This call's codec preferences for the SDP answer (canonical names, checked at start-up), or
   * empty for the connector's SDP_CODECS. Asked before every answer and offer of the call.
   */
  default java.util.List<String> codecPreferences(Call call) {
    return java.util.List.of();
  }

  /**
   * Just before our 200 OK. A failed future rejects the call with 503 and Retry-After (e.g. the AI
   * back end is down and the operator chose to reject). Default: ready at once, so the answer never
   * waits for the AI.
   */
  default Future<Void> beforeAnswer(Call call) {
    return Future.succeededFuture();
  }

  /**
   * The flavor this call will run, as far as it is known before the answer (an outbound request's
   * own, else the config's rules; a bot config is asked only after the answer); null without AI.
   * Decides whether an outbound call's early media goes to the agent
   * (OUTBOUND_EARLY_MEDIA_FLAVORS).
   */
  default String flavorBeforeAnswer(Call call) {
    return null;
  }

  /**
   * The call is answered and its media session attached: the conversation may start. For an
   * outbound call whose flavor wants early media, this comes with the 183 instead.
   */
  void answered(Call call);

  /**
   * Speaks {@code text} on the call (an answering machine's voicemail message, the agent not
   * started) and completes once it has been sent whole; fails when it cannot be made speech.
   */
  default Future<Void> leaveMessage(Call call, String text) {
    return Future.failedFuture(new IllegalStateException("no speech without an AI side"));
  }

  /**
   * A speech-to-text stream of the callee's audio (mono PCM at {@code sampleRate}) for
   * answering-machine detection, when the call's flavor uses one; null otherwise. {@code onText}
   * gets the transcripts on the current context.
   */
  default org.oavc.connector.ai.CalleeTranscript transcribeCallee(
      Call call, int sampleRate, java.util.function.Consumer<String> onText) {
    return null;
  }

  /** Called once on every ending path, before the media session closes. */
  void ended(Call call);

  /**
   * What the AI side adds to the call-end log line (flavor, transcript summary), after {@link
   * #ended}; empty for none.
   */
  default String endSummary(Call call) {
    return "";
  }
}
