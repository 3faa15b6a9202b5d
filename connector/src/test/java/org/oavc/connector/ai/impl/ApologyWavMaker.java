package org.oavc.connector.ai.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.oavc.aiservices.AiServices;
import org.oavc.aiservices.AiServicesOptions;

/**
 * Makes the shipped apology WAV once with the local FreeTTS service. Runs only on request: {@code
 * -Doavc.makeApology=connector/src/main/resources/org/oavc/connector/ai/apology.wav}.
 */
class ApologyWavMaker {

  @Test
  @EnabledIfSystemProperty(named = "oavc.makeApology", matches = ".+")
  void synthesiseTheDefaultApology() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AiServices services =
          AiServices.start(vertx, new AiServicesOptions().setAiPort(0).setSttPort(0).setTtsPort(0))
              .toCompletionStage()
              .toCompletableFuture()
              .get(120, TimeUnit.SECONDS);
      byte[] wav =
          WebClient.create(vertx)
              .post(services.ttsPort(), "127.0.0.1", "/v1/audio/speech")
              .sendJsonObject(
                  new JsonObject()
                      .put("model", "tts-1")
                      .put("input", Apology.DEFAULT_TEXT)
                      .put("response_format", "wav")
                      .put("sample_rate", 16000))
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS)
              .body()
              .getBytes();
      WavAudio audio = WavAudio.parse(wav);
      assertThat(audio.sampleRate()).isEqualTo(16000);
      short[] tight = tighten(audio.pcm(), 16000);
      Files.write(
          Path.of(System.getProperty("oavc.makeApology")), new WavAudio(16000, tight).toBytes());
      services.close();
    } finally {
      vertx.close();
    }
  }

  /** Drops silence at both ends and shortens pauses to 150 ms, keeping the file under 150 KB. */
  static short[] tighten(short[] pcm, int rate) {
    int quiet = 300;
    int maxPause = rate * 150 / 1000;
    int first = 0;
    while (first < pcm.length && Math.abs(pcm[first]) < quiet) {
      first++;
    }
    int last = pcm.length - 1;
    while (last > first && Math.abs(pcm[last]) < quiet) {
      last--;
    }
    short[] out = new short[pcm.length];
    int n = 0;
    int run = 0;
    for (int i = Math.max(0, first - rate / 20);
        i <= Math.min(pcm.length - 1, last + rate / 20);
        i++) {
      run = Math.abs(pcm[i]) < quiet ? run + 1 : 0;
      if (run <= maxPause) {
        out[n++] = pcm[i];
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
