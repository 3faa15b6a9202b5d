package org.oavc.connector.ai.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.oavc.connector.ai.AiOptions;

/**
 * A fixed text made speech once, whole, through the speech endpoint (TTS_URL, OpenAI's {@code POST
 * /v1/audio/speech}): the apology, a voicemail message. Not for the agent's turns, which stream.
 */
final class SpokenText {
  private SpokenText() {}

  /** {@code text} as 16 kHz WAV in the configured voice; fails on any non-200 or bad WAV. */
  static Future<WavAudio> synthesise(WebClient http, AiOptions settings, String text) {
    JsonObject request =
        new JsonObject()
            .put("model", "tts-1")
            .put("input", text)
            .put("response_format", "wav")
            .put("sample_rate", 16000);
    if (!settings.voice().isEmpty()) {
      request.put("voice", settings.voice());
    }
    return http.postAbs(settings.ttsUrl())
        .timeout(Math.max(5000, settings.connectTimeoutMillis()))
        .sendJsonObject(request)
        .map(
            r -> {
              if (r.statusCode() != 200 || r.body() == null) {
                throw new IllegalStateException("HTTP " + r.statusCode());
              }
              return WavAudio.parse(r.body().getBytes());
            });
  }
}
