package org.oavc.connector.ai;

import io.vertx.core.Context;
import java.util.function.Consumer;

/** Makes the sessions of one flavor; one instance per flavor per daemon, shared by calls. */
public interface AiSessionFactory {

  /** The flavor name used in the config (realtime, pipeline, echo). */
  String flavor();

  /** A new, unconnected session for this call; {@link AiSession#start} connects it. */
  AiSession create(AiCallInfo info, AgentProfile profile);

  /**
   * A speech-to-text stream of a callee's audio at {@code sampleRate}, for answering-machine
   * detection, when this flavor uses a speech-to-text back end; null when it has none. {@code
   * onText} gets each partial and final transcript on {@code context}.
   */
  default CalleeTranscript transcribe(Context context, int sampleRate, Consumer<String> onText) {
    return null;
  }

  /** Releases what the factory shares between calls (HTTP client pools); idempotent. */
  default void close() {}
}
