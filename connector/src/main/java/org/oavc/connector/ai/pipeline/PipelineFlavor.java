package org.oavc.connector.ai.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.AiSessionFactory;
import org.oavc.connector.ai.pipeline.impl.PipelineSessionFactory;

/** Makes the factory of the "pipeline" flavor (STT + chat + TTS). */
public final class PipelineFlavor {
  /** The flavor name used in AI_FLAVOR and AI_FLAVOR_RULES. */
  public static final String FLAVOR = "pipeline";

  private PipelineFlavor() {}

  /**
   * A factory sharing one HTTP client between its sessions; {@link AiSessionFactory#close()} shuts
   * that client's threads and connections down.
   *
   * @param settings STT_URL, CHAT_URL, CHAT_MODEL, CHAT_API_KEY, TTS_URL, TTS_MODEL, TTS_API_KEY,
   *     TTS_FORMAT, AI_SERVICE_HOST, STT_SERVICE_PORT, TTS_SERVICE_PORT, AI_VOICE,
   *     AI_CONNECT_TIMEOUT_MS, AI_RECONNECT_BACKOFF_MS
   */
  public static AiSessionFactory factory(Vertx vertx, Settings settings, MeterRegistry meters) {
    return new PipelineSessionFactory(vertx, PipelineOptions.fromSettings(settings), meters);
  }
}
