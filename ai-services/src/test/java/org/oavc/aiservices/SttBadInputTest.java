package org.oavc.aiservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

/** Malformed or hostile STT clients get a clear error and never leak a recogniser. */
class SttBadInputTest extends ServicesTestBase {
  static VoskTestClient expectError(
      String code, int closeCode, java.util.function.Consumer<VoskTestClient> act)
      throws Exception {
    VoskTestClient client = VoskTestClient.connect(SharedServices.sttUri());
    act.accept(client);
    await().atMost(WAIT).until(() -> client.closeCode != -1);
    assertThat(client.closeCode).isEqualTo(closeCode);
    assertThat(client.last().getJsonObject("error").getString("code")).isEqualTo(code);
    assertThat(client.last().getJsonObject("error").getString("message")).isNotBlank();
    return client;
  }

  @Test
  void badJsonIsRefused() throws Exception {
    expectError("bad_json", 1007, c -> c.send("{\"config\": {"));
  }

  @Test
  void unknownMessageIsRefused() throws Exception {
    expectError("bad_message", 1008, c -> c.send("{\"hello\": 1}"));
  }

  @Test
  void wrongSampleRatesAreRefused() throws Exception {
    expectError("bad_sample_rate", 1008, c -> c.send("{\"config\": {\"sample_rate\": 1000}}"));
    expectError("bad_sample_rate", 1008, c -> c.send("{\"config\": {\"sample_rate\": 96000}}"));
    expectError("bad_sample_rate", 1008, c -> c.send("{\"config\": {\"sample_rate\": \"fast\"}}"));
    expectError("bad_sample_rate", 1008, c -> c.send("{\"config\": {\"sample_rate\": 8000.5}}"));
  }

  @Test
  void badPhraseListIsRefused() throws Exception {
    expectError(
        "bad_config",
        1008,
        c -> c.send("{\"config\": {\"sample_rate\": 8000, \"phrase_list\": [1]}}"));
  }

  @Test
  void binaryBeforeConfigIsRefused() throws Exception {
    expectError("audio_before_config", 1008, c -> c.send(new byte[320]));
  }

  @Test
  void secondConfigIsRefusedAndFreesTheRecogniser() throws Exception {
    expectError(
        "bad_config",
        1008,
        c -> {
          c.config(8000);
          c.send(new byte[320]);
          c.config(16000);
        });
  }

  @Test
  void oversizedMessageIsRefusedClearly() throws Exception {
    expectError(
        "message_too_large",
        1009,
        c -> {
          c.config(16000);
          c.send(new byte[300 * 1024]);
        });
  }

  @Test
  void hugeMessageIsCutOffBeforeBuffering() throws Exception {
    VoskTestClient client = VoskTestClient.connect(SharedServices.sttUri());
    client.config(16000);
    await().atMost(WAIT).until(() -> services.liveRecognizers() == 1);
    client.send(new byte[4 * 1024 * 1024]);
    await().atMost(WAIT).until(() -> client.closeCode != -1);
    assertThat(client.closeCode).isNotEqualTo(1000);
    assertThat(client.replies).noneMatch(r -> r.containsKey("text"));
  }

  @Test
  void abruptDisconnectMidStreamFreesTheRecogniser() throws Exception {
    VoskTestClient client = VoskTestClient.connect(SharedServices.sttUri());
    client.config(8000);
    client.sendAudio(Speech.say("what time is it", 8000), 8000);
    await().atMost(WAIT).until(() -> services.liveRecognizers() == 1);
    client.getSocket().close();
    await().atMost(WAIT).until(() -> services.liveRecognizers() == 0);
    // The service is still healthy for the next client.
    VoskTestClient next = VoskTestClient.connect(SharedServices.sttUri());
    next.config(16000, "goodbye");
    next.sendAudio(Speech.say("goodbye", 16000), 16000);
    next.eof();
    await().atMost(WAIT).until(() -> next.finalResult() != null);
    assertThat(next.finalResult().getString("text")).isEqualTo("goodbye");
  }

  @Test
  void plainHttpGetsUpgradeRequired() throws Exception {
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + services.sttPort() + "/"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(426);
  }
}
