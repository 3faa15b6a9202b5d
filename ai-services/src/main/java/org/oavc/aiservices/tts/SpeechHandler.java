package org.oavc.aiservices.tts;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.oavc.aiservices.audio.PcmResampler;
import org.oavc.aiservices.impl.OpenAiErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/audio/speech} (OpenAI-compatible): FreeTTS speech streamed sentence by sentence
 * as chunked HTTP, each chunk written as soon as FreeTTS produces it. {@code response_format} "pcm"
 * is raw PCM16 LE mono at 24 kHz like OpenAI; "wav" is the same in a WAV header whose sizes are
 * 0xFFFFFFFF (unknown while streaming). A non-standard {@code sample_rate} field (8000-48000) asks
 * for another rate. A client that goes away stops synthesis at the next sentence.
 */
public final class SpeechHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(SpeechHandler.class);
  public static final int DEFAULT_RATE = 24000;
  public static final int MAX_INPUT_CHARS = 4096;
  private static final Set<String> FORMATS = Set.of("pcm", "wav");

  private final Vertx vertx;
  private final SpeechSynthesizer synthesizer;
  private final MeterRegistry registry;

  public SpeechHandler(Vertx vertx, SpeechSynthesizer synthesizer, MeterRegistry registry) {
    this.vertx = vertx;
    this.synthesizer = synthesizer;
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject request = OpenAiErrors.jsonBody(ctx);
    if (request == null) {
      return;
    }
    Object input = request.getValue("input");
    if (!(input instanceof String text) || text.isBlank()) {
      OpenAiErrors.badRequest(ctx, "input", "input must be a non-empty string");
      return;
    }
    if (text.length() > MAX_INPUT_CHARS) {
      OpenAiErrors.badRequest(
          ctx, "input", "input is longer than " + MAX_INPUT_CHARS + " characters");
      return;
    }
    Object format = request.getValue("response_format", "pcm");
    if (!FORMATS.contains(format)) {
      OpenAiErrors.badRequest(
          ctx, "response_format", "response_format must be pcm or wav, got " + format);
      return;
    }
    Object rate = request.getValue("sample_rate", DEFAULT_RATE);
    if (!(rate instanceof Integer r) || r < 8000 || r > 48000) {
      OpenAiErrors.badRequest(
          ctx, "sample_rate", "sample_rate must be an integer from 8000 to 48000");
      return;
    }
    registry.counter("oavc_aiservices_tts_requests_total", "format", (String) format).increment();
    HttpServerResponse response =
        ctx.response()
            .setChunked(true)
            .putHeader("Content-Type", format.equals("wav") ? "audio/wav" : "audio/pcm")
            .putHeader("X-Sample-Rate", Integer.toString(r));
    if (format.equals("wav")) {
      response.write(Buffer.buffer(org.oavc.common.audio.PcmWavHeader.streaming(r)));
    }
    AtomicBoolean gone = new AtomicBoolean();
    response.closeHandler(v -> gone.set(true));
    PcmResampler resampler = new PcmResampler(synthesizer.sampleRate(), r);
    speakAll(
        vertx.getOrCreateContext(),
        SpeechSynthesizer.sentences(text).iterator(),
        resampler,
        response,
        gone);
  }

  private void speakAll(
      Context context,
      Iterator<String> sentences,
      PcmResampler resampler,
      HttpServerResponse response,
      AtomicBoolean gone) {
    if (!sentences.hasNext() || gone.get()) {
      if (!gone.get()) {
        response.end();
      }
      return;
    }
    String sentence = sentences.next();
    // Completion goes through runOnContext too, so it runs after the audio chunks queued before it.
    synthesizer
        .speak(
            sentence,
            pcm ->
                context.runOnContext(
                    v -> {
                      if (!gone.get()) {
                        response.write(Buffer.buffer(resampler.process(pcm)));
                      }
                    }),
            gone::get)
        .whenComplete(
            (ok, failure) ->
                context.runOnContext(
                    v -> {
                      if (failure != null) {
                        LOG.warn("synthesis failed for \"{}\": {}", sentence, failure.toString());
                        registry.counter("oavc_aiservices_tts_errors_total").increment();
                        response.reset();
                        return;
                      }
                      speakAll(context, sentences, resampler, response, gone);
                    }));
  }
}
