package org.oavc.connector.ai.pipeline.impl;

import java.net.URI;
import org.oavc.connector.config.ConfigException;
import org.oavc.connector.config.Settings;

/**
 * The pipeline flavor's settings, resolved once per factory (empty URLs point at the local AI
 * services).
 *
 * @param ttsFormat pcm or wav
 * @param voice default voice when the call's profile names none; empty for the service default
 * @param readTimeoutMillis longest silence inside a chat or speech response before it counts as
 *     failed: a streamed reply may pause between tokens, but not for many connect timeouts
 */
public record PipelineConfig(
    URI sttUri,
    String chatUrl,
    String chatModel,
    String chatApiKey,
    String ttsUrl,
    String ttsModel,
    String ttsApiKey,
    String ttsFormat,
    String voice,
    long connectTimeoutMillis,
    long reconnectBackoffMillis,
    long readTimeoutMillis) {
  private static final int READ_TIMEOUT_FACTOR = 5;

  public static PipelineConfig from(Settings s) {
    String host = s.string("AI_SERVICE_HOST", "127.0.0.1");
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    String http = "http://" + hostPart + ":" + s.port("TTS_SERVICE_PORT");
    String stt = s.string("STT_URL", "ws://" + hostPart + ":" + s.port("STT_SERVICE_PORT"));
    String format = s.string("TTS_FORMAT", "pcm").trim().toLowerCase();
    if (!format.equals("pcm") && !format.equals("wav")) {
      throw new ConfigException("setting TTS_FORMAT=" + format + " must be pcm or wav");
    }
    URI sttUri;
    try {
      sttUri = URI.create(stt);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("setting STT_URL=" + stt + " is not a URI", e);
    }
    if (!"ws".equals(sttUri.getScheme()) && !"wss".equals(sttUri.getScheme())) {
      throw new ConfigException("setting STT_URL=" + stt + " must be a ws:// or wss:// URL");
    }
    return new PipelineConfig(
        sttUri,
        s.string("CHAT_URL", http + "/v1/chat/completions"),
        s.string("CHAT_MODEL", "local-agent"),
        s.string("CHAT_API_KEY", ""),
        s.string("TTS_URL", http + "/v1/audio/speech"),
        s.string("TTS_MODEL", "tts-1"),
        s.string("TTS_API_KEY", ""),
        format,
        s.string("AI_VOICE", ""),
        s.integer("AI_CONNECT_TIMEOUT_MS", 1, 600_000),
        s.integer("AI_RECONNECT_BACKOFF_MS", 0, 600_000),
        (long) READ_TIMEOUT_FACTOR * s.integer("AI_CONNECT_TIMEOUT_MS", 1, 600_000));
  }

  /** The same settings with another read timeout. */
  public PipelineConfig withReadTimeoutMillis(long millis) {
    return new PipelineConfig(sttUri, chatUrl, chatModel, chatApiKey, ttsUrl, ttsModel, ttsApiKey,
        ttsFormat, voice, connectTimeoutMillis, reconnectBackoffMillis, millis);
  }
}
