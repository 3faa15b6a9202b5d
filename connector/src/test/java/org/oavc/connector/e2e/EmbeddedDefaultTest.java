package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.oavc.connector.config.OavcConfig;
import org.oavc.connector.daemon.OavcDaemon;

/**
 * The embedded default of `oavc run`: the local AI services come up inside the daemon on the
 * configured ports (ephemeral here) and answer their protocol; stopping the daemon closes them.
 */
class EmbeddedDefaultTest {

  @Test
  void runStartsTheLocalAiServicesInProcess() throws Exception {
    OavcConfig config =
        OavcConfig.defaultsWith(
            Map.of(
                "MI_PORT",
                "9", // nothing answers: the daemon still starts and keeps retrying
                "EVENT_IP",
                "127.0.0.1",
                "EVENT_PORT",
                "0",
                "HTTP_PORT",
                "0",
                "STATE_DIR",
                org.oavc.connector.TestStateDir.fresh(),
                "AI_SERVICE_PORT",
                "0",
                "STT_SERVICE_PORT",
                "0",
                "TTS_SERVICE_PORT",
                "0"));
    OavcDaemon daemon =
        OavcDaemon.start(config)
            .toCompletionStage()
            .toCompletableFuture()
            .get(120, TimeUnit.SECONDS);
    try {
      assertThat(daemon.aiServices()).isNotNull();
      // Alone by default: no cluster member, no network configuration, local port leases.
      assertThat(daemon.cluster()).isNull();
      assertThat(daemon.ports()).isInstanceOf(org.oavc.connector.media.port.LocalPortPool.class);
      int tts = daemon.aiServices().ttsPort();
      HttpResponse<String> chat =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + tts + "/v1/chat/completions"))
                      .timeout(Duration.ofSeconds(20))
                      .header("content-type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              new JsonObject()
                                  .put("model", "local")
                                  .put(
                                      "messages",
                                      new io.vertx.core.json.JsonArray()
                                          .add(
                                              new JsonObject()
                                                  .put("role", "user")
                                                  .put("content", "goodbye")))
                                  .encode()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
      assertThat(new JsonObject(chat.body()).getJsonArray("choices")).isNotEmpty();
    } finally {
      daemon.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }
}
