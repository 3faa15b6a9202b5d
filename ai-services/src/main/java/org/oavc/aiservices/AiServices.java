package org.oavc.aiservices;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.oavc.aiservices.impl.AiServicesImpl;

/**
 * The local, offline AI services: Vosk-protocol speech-to-text over WebSocket and an
 * OpenAI-compatible HTTP server with {@code /v1/audio/speech} (FreeTTS) and {@code
 * /v1/chat/completions} (a rule-based agent), and a Realtime-protocol speech-to-speech WebSocket
 * composed of the same engines (server VAD, cancel, truncate, function calls).
 */
public interface AiServices {

  /** Loads the speech model and voice off the event loop, then listens on both ports. */
  static Future<AiServices> start(Vertx vertx, AiServicesOptions options) {
    return AiServicesImpl.start(vertx, options);
  }

  /** The bound Realtime speech-to-speech WebSocket port (the actual one when 0 was asked for). */
  int aiPort();

  /** The bound speech-to-text WebSocket port (the actual one when 0 was asked for). */
  int sttPort();

  /** The bound text-to-speech + chat HTTP port (the actual one when 0 was asked for). */
  int ttsPort();

  /** Live Vosk recognisers: one per configured STT connection, 0 once all are gone. */
  int liveRecognizers();

  /** Stops listening, closes connections and frees the model, voices and threads. */
  Future<Void> close();
}
