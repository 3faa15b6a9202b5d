package org.oavc.aiservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The Vosk-protocol STT service over real WebSockets with FreeTTS speech. */
class SttServiceTest extends ServicesTestBase {
  private static final String[] PHRASES = {
    "what time is it", "goodbye", "i want an operator", "hello"
  };

  private static JsonObject recognise(String text, int rate, String... phrases) throws Exception {
    VoskTestClient client = VoskTestClient.connect(SharedServices.sttUri());
    client.config(rate, phrases);
    client.sendAudio(Speech.say(text, rate), rate);
    client.eof();
    await().atMost(WAIT).until(() -> client.finalResult() != null);
    assertThat(client.closeCode).isEqualTo(1000);
    return client.finalResult();
  }

  /** Every final text seen: the closing one plus finals produced mid-stream at pauses. */
  private static String allText(VoskTestClient client) {
    StringBuilder text = new StringBuilder();
    client.replies.stream()
        .filter(r -> r.containsKey("text"))
        .map(r -> r.getString("text"))
        .filter(t -> !t.isBlank())
        .forEach(t -> text.append(text.length() > 0 ? " " : "").append(t));
    return text.toString();
  }

  @Test
  void phraseAt16kHzComesBackAsText() throws Exception {
    JsonObject result = recognise("what time is it", 16000, PHRASES);
    assertThat(result.getString("text")).isEqualTo("what time is it");
    assertThat(result.getJsonArray("result")).hasSize(4);
    assertThat(result.getJsonArray("result").getJsonObject(0).getString("word")).isEqualTo("what");
  }

  @Test
  void phraseAt8kHzIsResampledAndRecognised() throws Exception {
    assertThat(recognise("goodbye", 8000, PHRASES).getString("text")).isEqualTo("goodbye");
    assertThat(recognise("what time is it", 8000, PHRASES).getString("text"))
        .isEqualTo("what time is it");
  }

  @Test
  void phraseAt48kHzIsResampledAndRecognised() throws Exception {
    assertThat(recognise("what time is it", 48000, PHRASES).getString("text"))
        .isEqualTo("what time is it");
  }

  @Test
  void openVocabularyHearsTheKeyWords() throws Exception {
    VoskTestClient client = VoskTestClient.connect(SharedServices.sttUri());
    client.config(16000);
    client.sendAudio(Speech.say("what time is it", 16000), 16000);
    client.eof();
    await().atMost(WAIT).until(() -> client.closeCode != -1);
    // Open vocabulary is not exact on synthetic speech: the content words must be there.
    assertThat(allText(client)).contains("time");
  }

  @Test
  void everyAudioMessageGetsOnePartialOrResult() throws Exception {
    VoskTestClient client = VoskTestClient.connect(SharedServices.sttUri());
    client.config(16000, PHRASES);
    byte[] pcm = Speech.say("hello", 16000);
    client.sendAudio(pcm, 16000);
    int messages = (pcm.length + 3199) / 3200;
    await().atMost(WAIT).until(() -> client.replies.size() == messages);
    assertThat(client.replies).allMatch(r -> r.containsKey("partial") || r.containsKey("text"));
    assertThat(client.replies)
        .anyMatch(
            r ->
                r.getString("partial", "").equals("hello")
                    || r.getString("text", "").equals("hello"));
    client.eof();
    await().atMost(WAIT).until(() -> client.closeCode == 1000);
  }

  @Test
  void concurrentConnectionsEachGetTheirOwnText() throws Exception {
    String[] said = {"what time is it", "goodbye", "hello", "i want an operator"};
    VoskTestClient[] clients = new VoskTestClient[said.length];
    for (int i = 0; i < said.length; i++) {
      clients[i] = VoskTestClient.connect(SharedServices.sttUri());
      clients[i].config(i % 2 == 0 ? 8000 : 16000, PHRASES);
    }
    // Interleave the streams so recognition of all four overlaps.
    byte[][] audio = new byte[said.length][];
    for (int i = 0; i < said.length; i++) {
      audio[i] = Speech.say(said[i], i % 2 == 0 ? 8000 : 16000);
    }
    for (int off = 0; ; off += 3200) {
      boolean any = false;
      for (int i = 0; i < said.length; i++) {
        int chunk = i % 2 == 0 ? 1600 : 3200;
        int start = off / 3200 * chunk;
        if (start < audio[i].length) {
          clients[i].send(
              java.util.Arrays.copyOfRange(
                  audio[i], start, Math.min(audio[i].length, start + chunk)));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    for (VoskTestClient client : clients) {
      client.eof();
    }
    for (int i = 0; i < said.length; i++) {
      VoskTestClient client = clients[i];
      await().atMost(WAIT).until(() -> client.finalResult() != null);
      assertThat(allText(client)).isEqualTo(said[i]);
    }
  }

  @Test
  void eofWithoutConfigGivesEmptyResult() throws Exception {
    VoskTestClient client = VoskTestClient.connect(SharedServices.sttUri());
    client.eof();
    await().atMost(WAIT).until(() -> client.closeCode == 1000);
    assertThat(client.last().getString("text")).isEmpty();
  }
}
