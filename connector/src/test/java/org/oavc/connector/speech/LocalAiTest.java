package org.oavc.connector.speech;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local services behind their relays, driven like the pipeline flavor drives them: the STT
 * relay passes a Vosk-protocol session through and keeps the config the client announced.
 */
class LocalAiTest {
  private static LocalAi ai;
  private static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    ai = LocalAi.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    if (ai != null) {
      ai.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void sttThroughTheRelayHearsThePromptAndTheRelayKeepsTheSampleRate() throws Exception {
    CompletableFuture<String> finalText = new CompletableFuture<>();
    // Held in a variable: Vert.x 5 closes a client that is no longer referenced.
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket ws =
        client
            .connect(ai.sttTap().port(), "127.0.0.1", "/")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    StringBuilder heard = new StringBuilder();
    ws.textMessageHandler(
        t -> {
          JsonObject result = new JsonObject(t);
          if (result.containsKey("text")) {
            heard.append(result.getString("text")).append(' ');
          }
        });
    ws.closeHandler(v -> finalText.complete(heard.toString()));
    ws.writeTextMessage(
        new JsonObject().put("config", new JsonObject().put("sample_rate", 8000)).encode());
    short[] prompt = SpeechPrompts.say(SpeechPrompts.WHAT_TIME, 8000);
    for (int off = 0; off < prompt.length; off += 1600) {
      short[] piece =
          java.util.Arrays.copyOfRange(prompt, off, Math.min(prompt.length, off + 1600));
      ws.writeBinaryMessage(Buffer.buffer(Pcm.toLittleEndian(piece)));
    }
    ws.writeTextMessage("{\"eof\" : 1}");

    assertThat(finalText.get(30, TimeUnit.SECONDS)).contains("time");
    assertThat(ai.sttTap().fromClient(m -> m.json().containsKey("config")))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.json().getJsonObject("config").getInteger("sample_rate"))
                    .isEqualTo(8000));
    assertThat(ai.sttTap().binaryBytesFromClient()).isEqualTo(prompt.length * 2L);
    client.close();
  }
}
