package org.oavc.connector.ai.pipeline;

import java.net.URI;
import org.oavc.aiservices.AiServicesOptions;
import org.oavc.common.net.UrlRedaction;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.AiConnectOptions;
import org.oavc.connector.ai.AiLimitOptions;

/**
 * The pipeline flavor's settings, read once per factory (empty URLs point at the local AI
 * services). The voice comes from the call's profile (AI_VOICE or its bot config).
 *
 * @param ttsFormat pcm or wav
 * @param readTimeoutMillis longest silence inside a chat or speech response before it counts as
 *     failed: a streamed reply may pause between tokens, but not for many connect timeouts
 * @param limits the speech-to-text socket's send-queue bound and stall time
 */
public record PipelineOptions(
    URI sttUri,
    String chatUrl,
    String chatModel,
    String chatApiKey,
    String ttsUrl,
    String ttsModel,
    String ttsApiKey,
    String ttsFormat,
    long connectTimeoutMillis,
    long reconnectBackoffMillis,
    long readTimeoutMillis,
    AiLimitOptions limits) {
  private static final int READ_TIMEOUT_FACTOR = 5;

  /**
   * STT_URL, CHAT_URL, CHAT_MODEL, CHAT_API_KEY, TTS_URL, TTS_MODEL, TTS_API_KEY, TTS_FORMAT; the
   * bounds from {@link AiLimitOptions}.
   */
  public static PipelineOptions fromSettings(Settings s) {
    AiServicesOptions local = AiServicesOptions.fromSettings(s);
    AiConnectOptions connect = AiConnectOptions.fromSettings(s);
    String http = "http://" + local.uriHost() + ":" + local.getTtsPort();
    String stt = s.optional("STT_URL").orElse("ws://" + local.uriHost() + ":" + local.getSttPort());
    URI sttUri;
    try {
      sttUri = URI.create(stt);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "setting STT_URL=" + UrlRedaction.redact(stt) + " is not a URI: " + e.getMessage());
    }
    if (!"ws".equals(sttUri.getScheme()) && !"wss".equals(sttUri.getScheme())) {
      throw new ConfigException(
          "setting STT_URL=" + UrlRedaction.redact(stt) + " must be a ws:// or wss:// URL");
    }
    return new PipelineOptions(
        sttUri,
        s.optional("CHAT_URL").orElse(http + "/v1/chat/completions"),
        s.string("CHAT_MODEL").trim(),
        s.string("CHAT_API_KEY").trim(),
        s.optional("TTS_URL").orElse(http + "/v1/audio/speech"),
        s.string("TTS_MODEL").trim(),
        s.string("TTS_API_KEY").trim(),
        s.choice("TTS_FORMAT", "pcm", "wav"),
        connect.connectTimeoutMillis(),
        connect.reconnectBackoffMillis(),
        (long) READ_TIMEOUT_FACTOR * connect.connectTimeoutMillis(),
        AiLimitOptions.fromSettings(s));
  }

  /**
   * As the record prints itself, but the API keys only as set or not and the URLs without query or
   * user-info (where a key may ride too): logs must not hold them.
   */
  @Override
  public String toString() {
    return "PipelineOptions[sttUri="
        + UrlRedaction.redact(sttUri)
        + ", chatUrl="
        + UrlRedaction.redact(chatUrl)
        + ", chatModel="
        + chatModel
        + ", chatApiKey="
        + redacted(chatApiKey)
        + ", ttsUrl="
        + UrlRedaction.redact(ttsUrl)
        + ", ttsModel="
        + ttsModel
        + ", ttsApiKey="
        + redacted(ttsApiKey)
        + ", ttsFormat="
        + ttsFormat
        + ", connectTimeoutMillis="
        + connectTimeoutMillis
        + ", reconnectBackoffMillis="
        + reconnectBackoffMillis
        + ", readTimeoutMillis="
        + readTimeoutMillis
        + ", limits="
        + limits
        + "]";
  }

  private static String redacted(String key) {
    return key == null || key.isEmpty() ? "(none)" : "(set)";
  }

  /** The same settings with another read timeout. */
  public PipelineOptions withReadTimeoutMillis(long millis) {
    return new PipelineOptions(
        sttUri,
        chatUrl,
        chatModel,
        chatApiKey,
        ttsUrl,
        ttsModel,
        ttsApiKey,
        ttsFormat,
        connectTimeoutMillis,
        reconnectBackoffMillis,
        millis,
        limits);
  }
}
