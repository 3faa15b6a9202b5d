package org.oavc.aiservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment's entry point as a real process: starts from env settings, serves, stops on
 * SIGTERM.
 */
class AiServicesMainProcessTest {

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void runsFromEnvironmentSettingsAndStopsOnSigterm(@TempDir Path dir) throws Exception {
    int tts = freePort();
    int stt = freePort();
    int ai = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                AiServicesMain.class.getName())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.log").toFile());
    builder.environment().remove("CONFIG_FILE");
    builder.environment().put("AI_SERVICE_HOST", "127.0.0.1");
    builder.environment().put("TTS_SERVICE_PORT", Integer.toString(tts));
    builder.environment().put("STT_SERVICE_PORT", Integer.toString(stt));
    builder.environment().put("AI_SERVICE_PORT", Integer.toString(ai));
    builder.environment().put("VOSK_MODEL_PATH", System.getProperty("oavc.voskModel"));
    Process process = builder.start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest health =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tts + "/health"))
              .timeout(Duration.ofSeconds(5))
              .build();
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
      HttpResponse<String> chat =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tts + "/v1/chat/completions"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(chat.statusCode()).isEqualTo(200);
      VoskTestClient sttClient = VoskTestClient.connect("ws://127.0.0.1:" + stt + "/");
      sttClient.eof();
      await().atMost(Duration.ofSeconds(20)).until(() -> sttClient.closeCode == 1000);
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
  }
}
