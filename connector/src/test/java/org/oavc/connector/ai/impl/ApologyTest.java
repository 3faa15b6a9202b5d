package org.oavc.connector.ai.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.AiOptions;

/**
 * The shipped apology, and a changed text synthesised through a real speech endpoint on loopback.
 */
class ApologyTest {
  private Vertx vertx;
  private HttpServer speech;
  private final List<JsonObject> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    short[] tone = new short[8000];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (short) (5000 * Math.sin(i * 0.2));
    }
    byte[] wav = new WavAudio(16000, tone).toBytes();
    speech =
        get(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                b -> {
                                  requests.add(b.toJsonObject());
                                  req.response()
                                      .putHeader("content-type", "audio/wav")
                                      .end(Buffer.buffer(wav));
                                }))
                .listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() throws Exception {
    get(vertx.close());
  }

  private AiOptions settings(String text, String ttsUrl) {
    return AiOptions.fromSettings(
        Settings.defaultsWith(Map.of("AI_APOLOGY_TEXT", text, "TTS_URL", ttsUrl)));
  }

  @Test
  void theDefaultTextPlaysTheShippedRecordingWithoutAnyService() throws Exception {
    Apology a =
        get(
            Apology.load(
                vertx, settings(Apology.DEFAULT_TEXT, "http://127.0.0.1:9/v1/audio/speech")));
    assertThat(a.sampleRate()).isEqualTo(16000);
    assertThat(a.durationMillis()).isBetween(2000L, 6000L);
    short[] pcm = get(a.pcm());
    int peak = 0;
    for (short s : pcm) {
      peak = Math.max(peak, Math.abs(s));
    }
    assertThat(peak).as("it is speech, not silence").isGreaterThan(3000);
    assertThat(requests).isEmpty();
  }

  @Test
  void aChangedTextIsSynthesisedOnceAndFallsBackToTheRecordingWhenTtsIsDown() throws Exception {
    String url = "http://127.0.0.1:" + speech.actualPort() + "/v1/audio/speech";
    Apology custom = get(Apology.load(vertx, settings("We are closed today.", url)));
    assertThat(custom.durationMillis()).isEqualTo(500);
    assertThat(requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getString("input")).isEqualTo("We are closed today.");
              assertThat(r.getString("response_format")).isEqualTo("wav");
            });

    Apology fallback =
        get(Apology.load(vertx, settings("We are closed today.", "http://127.0.0.1:9/x")));
    assertThat(fallback.durationMillis()).isEqualTo(Apology.shipped().durationMillis());
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }
}
