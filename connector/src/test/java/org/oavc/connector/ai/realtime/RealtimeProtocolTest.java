package org.oavc.connector.ai.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.oavc.common.audio.G711;
import org.oavc.connector.MeterTotals;
import org.oavc.connector.ai.EarlierTurn;
import org.oavc.connector.ai.Speaker;

/** The session against a scripted Realtime peer: what goes on the wire, both event spellings. */
class RealtimeProtocolTest extends RealtimeTestBase {
  private ScriptedRealtimeServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = new ScriptedRealtimeServer(vertx);
  }

  @AfterEach
  void stopServer() throws Exception {
    closeSessions();
    server.close();
  }

  static JsonObject event(String type) {
    return new JsonObject().put("type", type);
  }

  static JsonObject delta(String type, String itemId, byte[] audio) {
    return event(type)
        .put("item_id", itemId)
        .put("content_index", 0)
        .put("delta", Base64.getEncoder().encodeToString(audio));
  }

  /** A 440 Hz tone, loud enough to be unmistakable. */
  static short[] tone(int samples, int rate) {
    short[] out = new short[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
    }
    return out;
  }

  static byte[] pcm16(short[] pcm, int from, int to) {
    byte[] out = new byte[(to - from) * 2];
    for (int i = from; i < to; i++) {
      out[2 * (i - from)] = (byte) pcm[i];
      out[2 * (i - from) + 1] = (byte) (pcm[i] >> 8);
    }
    return out;
  }

  /**
   * Ten seconds of 24 kHz audio for {@code itemId} in 100 ms GA deltas: far longer than any wait
   * here.
   */
  void sendTenSecondsOfAudio(String itemId) {
    short[] audio = tone(24000 * 10, 24000);
    for (int i = 0; i < 100; i++) {
      server.send(
          delta("response.output_audio.delta", itemId, pcm16(audio, i * 2400, (i + 1) * 2400)));
    }
  }

  @Test
  void gaSessionUpdateCarriesFormatVoiceToolsAndBearerKey() throws Exception {
    Pair pair =
        started(options(server.url()).setApiKey("sk-test"), info("G722", 16000), profile(null));
    assertThat(pair.session().sampleRate()).isEqualTo(24000);
    await().atMost(WAIT).until(() -> !server.received("session.update").isEmpty());
    assertThat(server.handshake(0).get("Authorization")).isEqualTo("Bearer sk-test");
    assertThat(server.handshake(0).get("OpenAI-Beta")).isNull();
    assertThat(server.handshake(0).get(":uri")).isEqualTo("/v1/realtime");
    JsonObject session = server.received("session.update").get(0).getJsonObject("session");
    assertThat(session.getString("type")).isEqualTo("realtime");
    JsonObject audio = session.getJsonObject("audio");
    assertThat(audio.getJsonObject("input").getJsonObject("format"))
        .isEqualTo(new JsonObject().put("type", "audio/pcm").put("rate", 24000));
    assertThat(audio.getJsonObject("output").getJsonObject("format").getString("type"))
        .isEqualTo("audio/pcm");
    assertThat(audio.getJsonObject("output").getString("voice")).isEqualTo("alloy");
    assertThat(audio.getJsonObject("input").getJsonObject("turn_detection").getString("type"))
        .isEqualTo("server_vad");
    assertThat(session.getString("instructions")).isEqualTo("Be brief.");
    JsonArray tools = session.getJsonArray("tools");
    assertThat(tools).hasSize(2);
    assertThat(tools.getJsonObject(1).getString("type")).isEqualTo("function");
    assertThat(tools.getJsonObject(1).getString("name")).isEqualTo("transfer");
    assertThat(
            tools
                .getJsonObject(1)
                .getJsonObject("parameters")
                .getJsonObject("properties")
                .containsKey("target"))
        .isTrue();
    assertThat(session.containsKey("input_audio_format")).isFalse();
  }

  @Test
  void g711CallIsPassedThroughUnlessDisabled() throws Exception {
    Pair alaw = started(options(server.url()), info("PCMA", 8000), profile(null));
    assertThat(alaw.session().sampleRate()).isEqualTo(8000);
    await().atMost(WAIT).until(() -> server.received("session.update").size() == 1);
    assertThat(
            server
                .received("session.update")
                .get(0)
                .getJsonObject("session")
                .getJsonObject("audio")
                .getJsonObject("input")
                .getJsonObject("format"))
        .isEqualTo(new JsonObject().put("type", "audio/pcma"));

    Pair pcm =
        started(options(server.url()).setG711Passthrough(false), info("PCMU", 8000), profile(null));
    assertThat(pcm.session().sampleRate()).isEqualTo(24000);
    await().atMost(WAIT).until(() -> server.received("session.update").size() == 2);
    assertThat(
            server
                .received("session.update")
                .get(1)
                .getJsonObject("session")
                .getJsonObject("audio")
                .getJsonObject("input")
                .getJsonObject("format")
                .getString("type"))
        .isEqualTo("audio/pcm");
  }

  @ParameterizedTest
  @EnumSource(
      value = ScriptedRealtimeServer.SessionReply.class,
      names = {"REJECT_G711", "KEEP_PCM16"})
  void g711RefusedFallsBackToPcm16OnTheWireAtTheSameSessionRate(
      ScriptedRealtimeServer.SessionReply reply) throws Exception {
    server.sessionReply(reply);
    Pair pair = started(options(server.url()), info("PCMU", 8000), profile(null));
    assertThat(pair.session().sampleRate()).isEqualTo(8000);
    List<JsonObject> updates = server.received("session.update");
    assertThat(
            updates
                .get(0)
                .getJsonObject("session")
                .getJsonObject("audio")
                .getJsonObject("input")
                .getJsonObject("format")
                .getString("type"))
        .isEqualTo("audio/pcmu");
    if (reply == ScriptedRealtimeServer.SessionReply.REJECT_G711) {
      assertThat(updates).hasSize(2);
      assertThat(
              updates
                  .get(1)
                  .getJsonObject("session")
                  .getJsonObject("audio")
                  .getJsonObject("input")
                  .getJsonObject("format"))
          .isEqualTo(new JsonObject().put("type", "audio/pcm").put("rate", 24000));
    }
    // 40 ms of the caller at 8 kHz leave as 40 ms of PCM16 at 24 kHz.
    short[] caller = tone(320, 8000);
    run(pair.call(), () -> pair.session().onCallerAudio(caller));
    await().atMost(WAIT).until(() -> server.received("input_audio_buffer.append").size() == 1);
    byte[] sent =
        Base64.getDecoder()
            .decode(server.received("input_audio_buffer.append").get(0).getString("audio"));
    assertThat(sent.length).isBetween(960 * 2 - 8, 960 * 2 + 8);
    // 100 ms of 24 kHz agent audio is played as 100 ms at 8 kHz.
    server.send(delta("response.output_audio.delta", "item_1", pcm16(tone(2400, 24000), 0, 2400)));
    await().atMost(WAIT).until(() -> pair.call().receivedSamples() > 0);
    assertThat(pair.call().receivedSamples()).isBetween(790L, 810L);
    assertThat(LocalSpeech.rms(pair.call().playedAudio())).isGreaterThan(3000);
  }

  @Test
  void callerAudioGoesOutBatchedAndEncoded() throws Exception {
    Pair pair = started(options(server.url()), info("PCMU", 8000), profile(null));
    short[] audio = tone(1600, 8000);
    for (int f = 0; f < 10; f++) {
      short[] frame = java.util.Arrays.copyOfRange(audio, f * 160, (f + 1) * 160);
      run(pair.call(), () -> pair.session().onCallerAudio(frame));
    }
    await().atMost(WAIT).until(() -> server.received("input_audio_buffer.append").size() == 5);
    byte[] sent = new byte[0];
    for (JsonObject append : server.received("input_audio_buffer.append")) {
      byte[] chunk = Base64.getDecoder().decode(append.getString("audio"));
      assertThat(chunk).hasSize(320); // 40 ms of u-law
      sent = concat(sent, chunk);
    }
    for (int i = 0; i < audio.length; i++) {
      assertThat(sent[i]).isEqualTo(G711.linearToUlaw(audio[i]));
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void betaHeaderShapeAndBetaEventNamesAreUnderstood() throws Exception {
    Pair pair = started(options(server.url()).setBeta(true), info("PCMU", 8000), profile(null));
    await().atMost(WAIT).until(() -> !server.received("session.update").isEmpty());
    assertThat(server.handshake(0).get("OpenAI-Beta")).isEqualTo("realtime=v1");
    assertThat(server.handshake(0).get("Authorization")).isNull();
    JsonObject session = server.received("session.update").get(0).getJsonObject("session");
    assertThat(session.getString("input_audio_format")).isEqualTo("g711_ulaw");
    assertThat(session.getString("output_audio_format")).isEqualTo("g711_ulaw");
    assertThat(session.getString("voice")).isEqualTo("alloy");
    assertThat(session.getJsonObject("turn_detection").getString("type")).isEqualTo("server_vad");
    assertThat(session.containsKey("type")).isFalse();

    short[] tone = tone(800, 8000);
    byte[] ulaw = new byte[tone.length];
    for (int i = 0; i < tone.length; i++) {
      ulaw[i] = G711.linearToUlaw(tone[i]);
    }
    server.send(event("response.created").put("response", new JsonObject().put("id", "resp_1")));
    server.send(delta("response.audio.delta", "item_a", ulaw));
    server.send(
        event("response.audio_transcript.done")
            .put("item_id", "item_a")
            .put("transcript", "Hi there."));
    server.send(
        event("response.done")
            .put("response", new JsonObject().put("id", "resp_1").put("status", "completed")));
    await().atMost(WAIT).until(() -> pair.call().receivedSamples() == 800);
    short[] played = pair.call().playedAudio();
    for (int i = 0; i < played.length; i++) {
      assertThat(played[i]).isEqualTo(G711.ulawToLinear(ulaw[i]));
    }
    onContext(pair.call(), pair.session()::close).await(10, TimeUnit.SECONDS);
    assertThat(pair.call().turns())
        .containsExactly(new RealtimeRecordingCall.Turn(Speaker.AGENT, "Hi there.", false));
  }

  @Test
  void bargeInCancelsAndTruncatesToWhatWasHeardOncePerItem() throws Exception {
    Pair pair = started(options(server.url()), info("G722", 16000), profile(null));
    server.send(event("response.created").put("response", new JsonObject().put("id", "resp_1")));
    sendTenSecondsOfAudio("item_1");
    await().atMost(WAIT).until(() -> pair.call().playedMillis() >= 200);
    long[] heard = new long[1];
    run(
        pair.call(),
        () -> {
          pair.call().stopPlayback();
          heard[0] = pair.call().playedMillis();
          pair.session().onBargeIn(heard[0]);
          pair.session().onBargeIn(heard[0]); // a second notice for the same item changes nothing
        });
    await().atMost(WAIT).until(() -> !server.received("conversation.item.truncate").isEmpty());
    JsonObject truncate = server.received("conversation.item.truncate").get(0);
    assertThat(truncate.getString("item_id")).isEqualTo("item_1");
    assertThat(truncate.getInteger("content_index")).isZero();
    assertThat(truncate.getLong("audio_end_ms")).isEqualTo(heard[0]).isBetween(200L, 9999L);
    assertThat(server.received("response.cancel")).hasSize(1);
    // Late audio of the cancelled answer is not played; its words are recorded as interrupted.
    long before = pair.call().receivedSamples();
    server.send(delta("response.output_audio.delta", "item_1", new byte[4800]));
    server.send(
        event("response.done")
            .put(
                "response",
                new JsonObject()
                    .put("id", "resp_1")
                    .put("status", "cancelled")
                    .put(
                        "output",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("id", "item_1")
                                    .put("type", "message")
                                    .put(
                                        "content",
                                        new JsonArray()
                                            .add(
                                                new JsonObject()
                                                    .put("type", "output_audio")
                                                    .put("transcript", "Let me tell you")))))));
    await().atMost(WAIT).until(() -> !pair.call().turns().isEmpty());
    assertThat(pair.call().turns())
        .containsExactly(new RealtimeRecordingCall.Turn(Speaker.AGENT, "Let me tell you", true));
    assertThat(pair.call().receivedSamples()).isEqualTo(before);
    run(pair.call(), () -> pair.session().onBargeIn(0));
    run(pair.call(), () -> pair.session().onCallerText("marker"));
    await().atMost(WAIT).until(() -> !server.received("conversation.item.create").isEmpty());
    assertThat(server.received("conversation.item.truncate")).hasSize(1);
    assertThat(server.received("response.cancel")).hasSize(1);
    assertThat(MeterTotals.total(meters, "oavc_ai_barge_ins_total"))
        .as("our detector's barge-ins are the call's to count, not the flavor's")
        .isZero();
  }

  @Test
  void serverSpeechStartedStopsPlaybackTruncatesAndTimesTheNextTurn() throws Exception {
    Pair pair = started(options(server.url()), info("G722", 16000), profile(null));
    server.send(event("response.created").put("response", new JsonObject().put("id", "resp_1")));
    sendTenSecondsOfAudio("item_1");
    await().atMost(WAIT).until(() -> pair.call().playedMillis() >= 100);
    server.send(event("input_audio_buffer.speech_started").put("item_id", "item_user"));
    await().atMost(WAIT).until(() -> !server.received("conversation.item.truncate").isEmpty());
    assertThat(pair.call().stops()).isEqualTo(1);
    assertThat(pair.call().playing()).isFalse();
    assertThat(server.received("conversation.item.truncate").get(0).getLong("audio_end_ms"))
        .isBetween(100L, 9999L);
    assertThat(server.received("response.cancel")).hasSize(1);

    server.send(
        event("response.done")
            .put("response", new JsonObject().put("id", "resp_1").put("status", "cancelled")));
    server.send(event("input_audio_buffer.speech_stopped"));
    server.send(
        event("conversation.item.input_audio_transcription.completed")
            .put("transcript", "stop please"));
    server.send(event("response.created").put("response", new JsonObject().put("id", "resp_2")));
    sendTenSecondsOfAudio("item_2");
    await().atMost(WAIT).until(() -> !pair.call().timings().isEmpty());
    var timing = pair.call().timings().get(0);
    assertThat(timing.firstAudioMillis()).isGreaterThanOrEqualTo(0);
    assertThat(timing.sttFinalMillis()).isBetween(0L, timing.firstAudioMillis());
    assertThat(timing.llmFirstTokenMillis()).isEqualTo(-1);
    assertThat(pair.call().turns())
        .contains(new RealtimeRecordingCall.Turn(Speaker.CALLER, "stop please", false));
  }

  @Test
  void toolCallIsInvokedOnceAndAnsweredWithItsOutput() throws Exception {
    Pair pair = started(options(server.url()), info("PCMU", 8000), profile(null));
    String args = new JsonObject().put("target", "sip:operator@example.com").encode();
    server.send(event("response.created").put("response", new JsonObject().put("id", "resp_1")));
    server.send(
        event("response.function_call_arguments.done")
            .put("call_id", "call_1")
            .put("name", "transfer")
            .put("arguments", args));
    server.send(
        event("response.output_item.done")
            .put(
                "item",
                new JsonObject()
                    .put("type", "function_call")
                    .put("call_id", "call_1")
                    .put("name", "transfer")
                    .put("arguments", args)));
    await().atMost(WAIT).until(() -> !server.received("conversation.item.create").isEmpty());
    // response.create waits until the response that made the call is done.
    assertThat(server.received("response.create")).isEmpty();
    server.send(
        event("response.done")
            .put("response", new JsonObject().put("id", "resp_1").put("status", "completed")));
    await().atMost(WAIT).until(() -> server.received("response.create").size() == 1);
    assertThat(pair.call().tools())
        .containsExactly(
            new RealtimeRecordingCall.ToolCall(
                "transfer", new JsonObject().put("target", "sip:operator@example.com")));
    JsonObject item = server.received("conversation.item.create").get(0).getJsonObject("item");
    assertThat(item.getString("type")).isEqualTo("function_call_output");
    assertThat(item.getString("call_id")).isEqualTo("call_1");
    assertThat(new JsonObject(item.getString("output")))
        .isEqualTo(new JsonObject().put("ok", true));
  }

  @Test
  void callerTextBecomesAUserItemAndAResponse() throws Exception {
    Pair pair = started(options(server.url()), info("PCMU", 8000), profile(null));
    run(pair.call(), () -> pair.session().onCallerText("The caller pressed 5."));
    await().atMost(WAIT).until(() -> server.received("response.create").size() == 1);
    JsonObject item = server.received("conversation.item.create").get(0).getJsonObject("item");
    assertThat(item.getString("role")).isEqualTo("user");
    assertThat(item.getJsonArray("content").getJsonObject(0))
        .isEqualTo(new JsonObject().put("type", "input_text").put("text", "The caller pressed 5."));
  }

  /** A call taken over from a dead node: its conversation as items at connect, no greeting. */
  @Test
  void aTakenOverCallRestoresTheEarlierConversationAndDoesNotGreet() throws Exception {
    Pair pair = create(options(server.url()), info("PCMU", 8000), profile("Welcome to OAVC."));
    pair.call().earlier =
        List.of(
            new EarlierTurn(Speaker.AGENT, "Welcome to OAVC."),
            new EarlierTurn(Speaker.CALLER, "my name is Ada"));
    onContext(pair.call(), () -> pair.session().start(pair.call())).await(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> server.received("conversation.item.create").size() == 2);
    List<JsonObject> items =
        server.received("conversation.item.create").stream()
            .map(e -> e.getJsonObject("item"))
            .toList();
    assertThat(items.get(0).getString("role")).isEqualTo("assistant");
    assertThat(items.get(1).getString("role")).isEqualTo("user");
    assertThat(items.get(1).encode()).contains("my name is Ada");
    assertThat(server.received("response.create")).isEmpty();
  }

  @Test
  void greetingAsksForAResponseThatSaysIt() throws Exception {
    started(options(server.url()), info("PCMU", 8000), profile("Welcome to OAVC."));
    await().atMost(WAIT).until(() -> server.received("response.create").size() == 1);
    assertThat(
            server
                .received("response.create")
                .get(0)
                .getJsonObject("response")
                .getString("instructions"))
        .contains("Welcome to OAVC.");
  }

  @Test
  void garbageAndErrorEventsAreCountedAndTheSessionCarriesOn() throws Exception {
    Pair pair = started(options(server.url()), info("G722", 16000), profile(null));
    server.sendRaw("not json at all");
    server.sendRaw("[1, 2, 3]");
    server.send(
        event("response.output_audio.delta")
            .put("item_id", "item_1")
            .put("delta", "%%% not base64"));
    server.send(event("response.output_audio.delta").put("delta", "AAAA"));
    server.send(
        event("error")
            .put(
                "error",
                new JsonObject()
                    .put("type", "server_error")
                    .put("code", "rate_limit")
                    .put("message", "slow down")));
    server.send(event("some.future.event").put("x", 1));
    server.sendRaw("{\"type\": 5}"); // an unknown type, ignored like any other
    server.send(event("response.done").put("response", "not an object"));
    server.send(delta("response.output_audio.delta", "item_2", new byte[480]));
    await().atMost(WAIT).until(() -> pair.call().receivedSamples() == 240);
    assertThat(counter("oavc_ai_malformed_events_total", "flavor", "realtime")).isEqualTo(5);
    assertThat(
            MeterTotals.total(
                meters, "oavc_ai_backend_errors_total", "flavor", "realtime", "stage", "server"))
        .isEqualTo(1);
    assertThat(pair.call().failure()).isNull();
  }
}
