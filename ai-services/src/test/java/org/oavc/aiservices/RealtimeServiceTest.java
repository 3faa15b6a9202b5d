package org.oavc.aiservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.oavc.aiservices.audio.G711Law;

/** The Realtime-protocol speech-to-speech service over a real WebSocket with real speech. */
class RealtimeServiceTest extends ServicesTestBase {
  private static final JsonArray TOOLS =
      new JsonArray()
          .add(
              new JsonObject()
                  .put("type", "function")
                  .put("name", "hang_up")
                  .put("parameters", new JsonObject().put("type", "object")))
          .add(
              new JsonObject()
                  .put("type", "function")
                  .put("name", "transfer")
                  .put("parameters", new JsonObject().put("type", "object")));

  private static RealtimeTestClient session(boolean beta) throws Exception {
    RealtimeTestClient client = RealtimeTestClient.connect(beta);
    await().atMost(WAIT).until(() -> client.has("session.created"));
    client.send(
        new JsonObject()
            .put("type", "session.update")
            .put(
                "session",
                new JsonObject()
                    .put("type", "realtime")
                    .put("instructions", "be brief")
                    .put("tools", TOOLS)));
    await().atMost(WAIT).until(() -> client.has("session.updated"));
    return client;
  }

  private static void say(RealtimeTestClient client, String text) throws Exception {
    client.appendAudio(Speech.say(text, 24000));
    // Trailing silence long enough for the server VAD to close the turn.
    client.appendAudio(new byte[24000 * 2]);
  }

  private static String recogniseBack(byte[] pcm24k, String... phrases) throws Exception {
    VoskTestClient stt = VoskTestClient.connect(SharedServices.sttUri());
    stt.config(24000, phrases);
    stt.sendAudio(new byte[24000 / 2 * 2], 24000);
    stt.sendAudio(pcm24k, 24000);
    stt.sendAudio(new byte[24000 / 2 * 2], 24000);
    stt.eof();
    await().atMost(WAIT).until(() -> stt.finalResult() != null);
    return stt.replies.stream()
        .map(r -> r.getString("text", ""))
        .filter(t -> !t.isBlank())
        .collect(Collectors.joining(" "));
  }

  @Test
  void sessionCreatedAndUpdatedInGaShape() throws Exception {
    RealtimeTestClient client = session(false);
    JsonObject created = client.ofType("session.created").get(0).getJsonObject("session");
    assertThat(created.getString("type")).isEqualTo("realtime");
    assertThat(created.getJsonObject("turn_detection").getString("type")).isEqualTo("server_vad");
    JsonObject updated = client.ofType("session.updated").get(0).getJsonObject("session");
    assertThat(updated.getJsonArray("tools")).isEqualTo(TOOLS);
    assertThat(updated.getString("instructions")).isEqualTo("be brief");
    client.closeBlocking();
  }

  @Test
  void spokenGoodbyeIsHeardAnsweredInSpeechAndHangsUp() throws Exception {
    RealtimeTestClient client = session(false);
    say(client, "goodbye");
    await().atMost(WAIT).until(() -> client.has("response.done"));
    assertThat(client.has("input_audio_buffer.speech_started")).isTrue();
    assertThat(client.has("input_audio_buffer.speech_stopped")).isTrue();
    assertThat(client.has("input_audio_buffer.committed")).isTrue();
    String heard =
        client
            .ofType("conversation.item.input_audio_transcription.completed")
            .get(0)
            .getString("transcript");
    assertThat(heard).containsAnyOf("goodbye", "bye");
    assertThat(client.ofType("response.done").get(0).getJsonObject("response").getString("status"))
        .isEqualTo("completed");
    assertThat(
            client.has(
                "response.function_call_arguments.done",
                e -> e.getString("name").equals("hang_up")))
        .isTrue();
    assertThat(
            client.ofType("response.output_audio_transcript.done").get(0).getString("transcript"))
        .startsWith("Goodbye");
    byte[] audio = client.audio("response.output_audio.delta");
    assertThat(client.has("response.audio.delta")).isFalse();
    assertThat(audio.length / 2.0 / 24000).isBetween(1.0, 6.0);
    assertThat(Speech.rms(audio, 0, audio.length)).isGreaterThan(300);
    assertThat(
            recogniseBack(
                audio, "goodbye", "thank you for calling", "goodbye thank you for calling"))
        .isEqualTo("goodbye thank you for calling");
    client.closeBlocking();
  }

  @Test
  void g711PassthroughBothWays() throws Exception {
    RealtimeTestClient client = session(false);
    client.send(
        new JsonObject()
            .put("type", "session.update")
            .put(
                "session",
                new JsonObject()
                    .put("type", "realtime")
                    .put(
                        "audio",
                        new JsonObject()
                            .put(
                                "input",
                                new JsonObject()
                                    .put("format", new JsonObject().put("type", "audio/pcmu")))
                            .put(
                                "output",
                                new JsonObject()
                                    .put("format", new JsonObject().put("type", "audio/pcmu"))))));
    await().atMost(WAIT).until(() -> client.ofType("session.updated").size() == 2);
    assertThat(
            client
                .ofType("session.updated")
                .get(1)
                .getJsonObject("session")
                .getJsonObject("audio")
                .getJsonObject("input")
                .getJsonObject("format")
                .getString("type"))
        .isEqualTo("audio/pcmu");
    byte[] ulaw = G711Law.ULAW.encode(Speech.say("goodbye", 8000));
    byte[] silence = G711Law.ULAW.encode(new byte[8000 * 2]);
    for (byte[] audio : new byte[][] {ulaw, silence}) {
      for (int off = 0; off < audio.length; off += 800) {
        client.send(
            new JsonObject()
                .put("type", "input_audio_buffer.append")
                .put(
                    "audio",
                    java.util.Base64.getEncoder()
                        .encodeToString(
                            java.util.Arrays.copyOfRange(
                                audio, off, Math.min(audio.length, off + 800)))));
      }
    }
    await().atMost(WAIT).until(() -> client.has("response.done"));
    assertThat(
            client.has(
                "response.function_call_arguments.done",
                e -> e.getString("name").equals("hang_up")))
        .isTrue();
    byte[] reply = client.audio("response.output_audio.delta");
    // One byte per sample at 8 kHz.
    assertThat(reply.length / 8000.0).isBetween(1.0, 6.0);
    byte[] pcm8k = G711Law.ULAW.decode(reply);
    VoskTestClient stt = VoskTestClient.connect(SharedServices.sttUri());
    stt.config(8000, "goodbye", "thank you for calling", "goodbye thank you for calling");
    stt.sendAudio(new byte[8000], 8000);
    stt.sendAudio(pcm8k, 8000);
    stt.sendAudio(new byte[8000], 8000);
    stt.eof();
    await().atMost(WAIT).until(() -> stt.finalResult() != null);
    assertThat(
            stt.replies.stream()
                .map(r -> r.getString("text", ""))
                .filter(t -> !t.isBlank())
                .collect(Collectors.joining(" ")))
        .isEqualTo("goodbye thank you for calling");
    client.send(
        new JsonObject()
            .put("type", "session.update")
            .put("session", new JsonObject().put("input_audio_format", "opus")));
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.has(
                    "error",
                    e ->
                        e.getJsonObject("error")
                            .getString("code")
                            .equals("unsupported_audio_format")));
    client.closeBlocking();
  }

  @Test
  void manualTurnsWithoutVadCommitTranscribeAndWaitForResponseCreate() throws Exception {
    RealtimeTestClient client = session(true);
    client.send(
        new JsonObject()
            .put("type", "session.update")
            .put("session", new JsonObject().putNull("turn_detection")));
    await().atMost(WAIT).until(() -> client.ofType("session.updated").size() == 2);
    client.appendAudio(Speech.say("goodbye", 24000));
    client.send(new JsonObject().put("type", "input_audio_buffer.commit"));
    await()
        .atMost(WAIT)
        .until(() -> client.has("conversation.item.input_audio_transcription.completed"));
    assertThat(client.has("input_audio_buffer.speech_started")).isFalse();
    assertThat(client.has("response.created")).isFalse();
    client.send(new JsonObject().put("type", "response.create"));
    await().atMost(WAIT).until(() -> client.has("response.done"));
    String callId =
        client.ofType("response.function_call_arguments.done").get(0).getString("call_id");
    client.send(
        new JsonObject()
            .put("type", "conversation.item.create")
            .put(
                "item",
                new JsonObject()
                    .put("type", "function_call_output")
                    .put("call_id", callId)
                    .put("output", "{\"ok\": true}")));
    client.send(new JsonObject().put("type", "response.create"));
    await().atMost(WAIT).until(() -> client.ofType("response.done").size() == 2);
    JsonObject second = client.ofType("response.done").get(1).getJsonObject("response");
    assertThat(second.getString("status")).isEqualTo("completed");
    assertThat(second.getJsonArray("output")).isEmpty();
    client.closeBlocking();
  }

  @Test
  void betaClientsGetBetaEventNames() throws Exception {
    RealtimeTestClient client = session(true);
    client.send(
        new JsonObject()
            .put("type", "conversation.item.create")
            .put(
                "item",
                new JsonObject()
                    .put("type", "message")
                    .put("role", "user")
                    .put(
                        "content",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("type", "input_text")
                                    .put("text", "I need an operator")))));
    client.send(new JsonObject().put("type", "response.create"));
    await().atMost(WAIT).until(() -> client.has("response.done"));
    assertThat(client.has("conversation.item.created")).isTrue();
    assertThat(client.has("response.audio.delta")).isTrue();
    assertThat(client.has("response.output_audio.delta")).isFalse();
    assertThat(
            client.has(
                "response.function_call_arguments.done",
                e ->
                    e.getString("name").equals("transfer")
                        && new JsonObject(e.getString("arguments"))
                            .getString("target")
                            .equals("operator")))
        .isTrue();
    client.closeBlocking();
  }

  private static void startLongResponse(RealtimeTestClient client) {
    String many =
        IntStream.range(0, 60)
            .mapToObj(i -> "sentence number " + i + ".")
            .collect(Collectors.joining(" "));
    client.send(
        new JsonObject()
            .put("type", "conversation.item.create")
            .put(
                "item",
                new JsonObject()
                    .put("type", "message")
                    .put("role", "user")
                    .put(
                        "content",
                        new JsonArray()
                            .add(new JsonObject().put("type", "input_text").put("text", many)))));
    client.send(new JsonObject().put("type", "response.create"));
    await().atMost(WAIT).until(() -> client.has("response.output_audio.delta"));
  }

  @Test
  void cancelStopsTheResponseAndTruncateTrimsTheItem() throws Exception {
    RealtimeTestClient client = session(false);
    startLongResponse(client);
    client.send(new JsonObject().put("type", "response.cancel"));
    await().atMost(WAIT).until(() -> client.has("response.done"));
    JsonObject response = client.ofType("response.done").get(0).getJsonObject("response");
    assertThat(response.getString("status")).isEqualTo("cancelled");
    int deltas = client.ofType("response.output_audio.delta").size();
    String itemId =
        client.ofType("response.output_item.added").get(0).getJsonObject("item").getString("id");
    client.send(
        new JsonObject()
            .put("type", "conversation.item.truncate")
            .put("item_id", itemId)
            .put("content_index", 0)
            .put("audio_end_ms", 400));
    await().atMost(WAIT).until(() -> client.has("conversation.item.truncated"));
    assertThat(client.ofType("conversation.item.truncated").get(0).getLong("audio_end_ms"))
        .isEqualTo(400L);
    assertThat(client.ofType("response.output_audio.delta")).hasSize(deltas);
    client.send(
        new JsonObject()
            .put("type", "conversation.item.truncate")
            .put("item_id", "item_nope")
            .put("content_index", 0)
            .put("audio_end_ms", 400));
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.has(
                    "error",
                    e -> e.getJsonObject("error").getString("code").equals("item_not_found")));
    client.closeBlocking();
  }

  @Test
  void callerSpeechInterruptsTheAgent() throws Exception {
    RealtimeTestClient client = session(false);
    startLongResponse(client);
    client.appendAudio(Speech.say("hello", 24000));
    await().atMost(WAIT).until(() -> client.has("input_audio_buffer.speech_started"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.has(
                    "response.done",
                    e -> e.getJsonObject("response").getString("status").equals("cancelled")));
    client.closeBlocking();
  }

  @Test
  void badEventsGetErrorEventsAndTheSessionLivesOn() throws Exception {
    RealtimeTestClient client = session(false);
    client.send("{nope");
    client.send(new JsonObject().put("type", "teleport"));
    client.send(new JsonObject().put("type", "response.cancel"));
    client.send(new JsonObject().put("type", "input_audio_buffer.append").put("audio", "***"));
    client.send(new JsonObject().put("type", "input_audio_buffer.commit"));
    await().atMost(WAIT).until(() -> client.ofType("error").size() == 5);
    assertThat(
            client.ofType("error").stream()
                .map(e -> e.getJsonObject("error").getString("code"))
                .toList())
        .containsExactly(
            "invalid_json",
            "unknown_event",
            "response_cancel_not_active",
            "invalid_audio",
            "input_audio_buffer_commit_empty");
    client.send(new JsonObject().put("type", "session.update").put("session", new JsonObject()));
    await().atMost(WAIT).until(() -> client.ofType("session.updated").size() == 2);
    assertThat(client.closeCode).isEqualTo(-1);
    assertThat(
            SharedServices.REGISTRY
                .counter("oavc_aiservices_realtime_errors_total", "code", "unknown_event")
                .count())
        .isGreaterThanOrEqualTo(1);
    client.closeBlocking();
    await()
        .atMost(WAIT)
        .until(
            () ->
                SharedServices.REGISTRY.get("oavc_aiservices_realtime_sessions").gauge().value()
                    == 0);
  }
}
