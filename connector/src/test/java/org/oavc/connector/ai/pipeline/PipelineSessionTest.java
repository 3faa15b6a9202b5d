package org.oavc.connector.ai.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.oavc.connector.MeterTotals;
import org.oavc.connector.ai.EarlierTurn;
import org.oavc.connector.ai.Speaker;
import org.oavc.connector.ai.pipeline.FakeBackends.ChatReply;
import org.oavc.connector.ai.pipeline.FakeBackends.Speech;
import org.oavc.connector.ai.pipeline.impl.PipelineSessionFactory;

/** The pipeline session against scripted loopback back ends: order, barge-in, tools, retries. */
class PipelineSessionTest extends PipelineTestBase {
  private static List<String> roles(JsonObject chatRequest) {
    return chatRequest.getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getString("role"))
        .toList();
  }

  @Test
  void startSendsTheVoskConfigAndCallerAudio() throws Exception {
    start();
    assertThat(new JsonObject(backends.sttText.get(0)))
        .isEqualTo(new JsonObject().put("config", new JsonObject().put("sample_rate", 16000)));
    assertThat(session.sampleRate()).isEqualTo(16000);
    call.on(
        () -> {
          session.onCallerAudio(new short[320]);
          session.onCallerAudio(new short[320]);
          return null;
        });
    await().atMost(WAIT).until(() -> backends.sttAudioMessages.get() == 2);
  }

  @Test
  void finalSttTextIsAUserTurnAnsweredWithSpeech() throws Exception {
    backends.chatScript.add(ChatReply.text("Sure", ", it is ", "noon."));
    start();
    backends.sttSays(new JsonObject().put("partial", "what"));
    backends.sttSays(new JsonObject().put("partial", "what time"));
    backends.sttSays(new JsonObject().put("text", ""));
    backends.sttSays(new JsonObject().put("text", "what time"));
    await().atMost(WAIT).until(() -> call.turns(Speaker.AGENT).size() == 1);
    assertThat(call.turns(Speaker.CALLER))
        .containsExactly(new PipelineRecordingCall.Turn(Speaker.CALLER, "what time", false));
    assertThat(call.turns(Speaker.AGENT).get(0).text()).isEqualTo("Sure, it is noon.");
    assertThat(backends.speechRequests).containsExactly("Sure, it is noon.");
    assertThat(call.playedSamples.get()).isBetween(3000L, 3300L); // 200 ms at 16 kHz
    JsonObject request = backends.chatRequests.get(0);
    assertThat(request.getBoolean("stream")).isTrue();
    assertThat(request.getString("authorization")).isEqualTo("Bearer test-key");
    assertThat(roles(request)).containsExactly("system", "user");
    assertThat(
            request
                .getJsonArray("tools")
                .getJsonObject(0)
                .getJsonObject("function")
                .getString("name"))
        .isEqualTo("hang_up");
    assertThat(call.timings).hasSize(1);
    assertThat(call.timings.get(0).sttFinalMillis()).isGreaterThanOrEqualTo(0);
    assertThat(call.timings.get(0).firstAudioMillis())
        .isGreaterThanOrEqualTo(call.timings.get(0).llmFirstTokenMillis());
  }

  /** A call taken over from a dead node: its conversation is the chat history, no new greeting. */
  @Test
  void aTakenOverCallContinuesTheEarlierConversationWithoutGreetingAgain() throws Exception {
    call = new PipelineRecordingCall(vertx, "Hello, how can I help?");
    call.earlier =
        List.of(
            new EarlierTurn(Speaker.AGENT, "Hello, how can I help?"),
            new EarlierTurn(Speaker.CALLER, "my name is Ada"));
    session = factory.create(call.info(), call.profile());
    backends.chatScript.add(ChatReply.text("Yes, Ada."));
    start();
    backends.sttSays(new JsonObject().put("text", "do you remember my name"));
    await().atMost(WAIT).until(() -> call.turns(Speaker.AGENT).size() == 1);
    JsonObject request = backends.chatRequests.get(0);
    assertThat(roles(request)).containsExactly("system", "assistant", "user", "user");
    JsonArray messages = request.getJsonArray("messages");
    assertThat(messages.getJsonObject(1).getString("content")).isEqualTo("Hello, how can I help?");
    assertThat(messages.getJsonObject(2).getString("content")).isEqualTo("my name is Ada");
    assertThat(messages.getJsonObject(3).getString("content")).isEqualTo("do you remember my name");
    assertThat(backends.speechRequests).containsExactly("Yes, Ada.");
  }

  @Test
  void aLongCallSendsOnlyItsNewestExchangesWithinTheHistoryBound() throws Exception {
    call.on(session::close);
    factory.close();
    factory =
        PipelineFlavor.factory(
            vertx,
            backends.settings(java.util.Map.of("AI_CHAT_HISTORY_MAX_CHARS", "1000")),
            meters);
    session = factory.create(call.info(), call.profile());
    int turns = 12;
    for (int i = 0; i < turns; i++) {
      backends.chatScript.add(ChatReply.text("Noted " + i + "."));
    }
    start();
    for (int i = 0; i < turns; i++) {
      say("turn " + i + " " + "x".repeat(200));
      int answered = i + 1;
      await().atMost(WAIT).until(() -> call.turns(Speaker.AGENT).size() == answered);
    }
    JsonArray last = backends.chatRequests.get(turns - 1).getJsonArray("messages");
    List<String> users =
        last.stream()
            .map(m -> (JsonObject) m)
            .filter(m -> "user".equals(m.getString("role")))
            .map(m -> m.getString("content").substring(0, 7))
            .toList();
    // 1000 characters hold four exchanges of ~215: the oldest eight are gone, whole.
    assertThat(users).containsExactly("turn 8 ", "turn 9 ", "turn 10", "turn 11");
    assertThat(roles(backends.chatRequests.get(turns - 1)))
        .containsExactly(
            "system", "user", "assistant", "user", "assistant", "user", "assistant", "user");
  }

  @Test
  void sentencesPlayInOrderWhenALaterOneIsSynthesisedFirst() throws Exception {
    backends.speech.put("First comes first.", new Speech((short) 8000, 300, 600));
    backends.speech.put("Second is second.", new Speech((short) -8000, 300, 0));
    backends.chatScript.add(ChatReply.text("First comes ", "first. Second ", "is second."));
    start();
    say("go");
    await().atMost(WAIT).until(() -> call.turns(Speaker.AGENT).size() == 1);
    short[] all = concat(call.played);
    int firstPositive = indexWhere(all, s -> s > 4000);
    int firstNegative = indexWhere(all, s -> s < -4000);
    assertThat(firstPositive).isNotNegative();
    assertThat(firstNegative).isGreaterThan(firstPositive);
    // The second sentence was requested without waiting for the first one's audio.
    assertThat(backends.speechRequests)
        .containsExactlyInAnyOrder("First comes first.", "Second is second.");
  }

  @Test
  void onlyAFewSentencesAreSynthesisedAheadOfTheOnePlaying() throws Exception {
    backends.speech.put("S1.", new Speech((short) 1000, 100, -1));
    backends.chatScript.add(ChatReply.text("S1. S2. S3. S4. S5."));
    start();
    say("talk");
    await().atMost(WAIT).until(() -> backends.speechRequests.size() == 3);
    // Nothing played yet: S1 holds the line, and S4 waits for it.
    assertThat(call.playedSamples.get()).isZero();
    assertThat(backends.speechRequests).containsExactlyInAnyOrder("S1.", "S2.", "S3.");
    backends.releaseSpeech();
    await().atMost(WAIT).until(() -> call.turns(Speaker.AGENT).size() == 1);
    assertThat(backends.speechRequests)
        .containsExactlyInAnyOrder("S1.", "S2.", "S3.", "S4.", "S5.");
    assertThat(call.turns(Speaker.AGENT).get(0).text()).isEqualTo("S1. S2. S3. S4. S5.");
  }

  @Test
  void firstSentencePlaysWhileTheReplyIsStillStreaming() throws Exception {
    backends.chatScript.add(ChatReply.unfinished("Hello there. ", "And then"));
    start();
    say("hi");
    await().atMost(WAIT).until(() -> call.playedSamples.get() > 3000);
    assertThat(backends.heldOpen).hasSize(1);
    assertThat(backends.speechRequests).containsExactly("Hello there.");
    assertThat(call.turns(Speaker.AGENT)).isEmpty();
  }

  @Test
  void bargeInCancelsTheReplyAndKeepsOnlyTheWordsHeard() throws Exception {
    backends.speech.put("One two three four.", new Speech((short) 5000, 1000, 0));
    backends.speech.put("Five six seven eight.", new Speech((short) 5000, 1000, 0));
    backends.chatScript.add(
        ChatReply.unfinished("One two three four. ", "Five six seven eight. ", "Nine"));
    backends.chatScript.add(ChatReply.text("Okay."));
    start();
    say("count");
    await().atMost(WAIT).until(() -> call.playedSamples.get() >= 31_000);
    call.on(
        () -> {
          session.onBargeIn(1500);
          return null;
        });
    await().atMost(WAIT).until(() -> backends.chatClosedEarly.get() == 1);
    assertThat(call.turns(Speaker.AGENT))
        .containsExactly(
            new PipelineRecordingCall.Turn(Speaker.AGENT, "One two three four. Five six", true));
    say("stop counting");
    await().atMost(WAIT).until(() -> backends.chatRequests.size() == 2);
    JsonArray messages = backends.chatRequests.get(1).getJsonArray("messages");
    assertThat(roles(backends.chatRequests.get(1)))
        .containsExactly("system", "user", "assistant", "user");
    assertThat(messages.getJsonObject(2).getString("content"))
        .isEqualTo("One two three four. Five six");
    assertThat(messages.getJsonObject(3).getString("content")).isEqualTo("stop counting");
    assertThat(MeterTotals.total(meters, "oavc_ai_barge_ins_total"))
        .as("the call counts the barge-ins its detector hears, not the flavor again")
        .isZero();
  }

  @Test
  void callerSpeakingAgainEndsTheCurrentReplyAtWhatWasHeard() throws Exception {
    backends.chatScript.add(ChatReply.unfinished("One two three four. ", "Five"));
    backends.chatScript.add(ChatReply.text("Yes?"));
    start();
    say("count");
    await().atMost(WAIT).until(() -> call.playedSamples.get() >= 3000);
    say("wait");
    await().atMost(WAIT).until(() -> backends.chatRequests.size() == 2);
    assertThat(call.stops.get()).isEqualTo(1);
    assertThat(backends.chatClosedEarly.get()).isEqualTo(1);
    assertThat(call.turns(Speaker.AGENT).get(0))
        .isEqualTo(new PipelineRecordingCall.Turn(Speaker.AGENT, "One two three four.", true));
    JsonArray messages = backends.chatRequests.get(1).getJsonArray("messages");
    assertThat(roles(backends.chatRequests.get(1)))
        .containsExactly("system", "user", "assistant", "user");
    assertThat(messages.getJsonObject(2).getString("content")).isEqualTo("One two three four.");
  }

  @Test
  void aChatThatStallsTimesOutRetriesOnceThenFailsTheCall() throws Exception {
    call.on(session::close);
    factory.close();
    factory =
        new PipelineSessionFactory(
            vertx,
            PipelineOptions.fromSettings(backends.settings()).withReadTimeoutMillis(500),
            meters);
    session = factory.create(call.info(), call.profile());
    backends.chatScript.add(ChatReply.unfinished("Hmm"));
    backends.chatScript.add(ChatReply.unfinished("Hmm"));
    start();
    say("hello");
    await().atMost(WAIT).until(() -> call.failure.get() != null);
    assertThat(call.failure.get()).isInstanceOf(java.net.SocketTimeoutException.class);
    assertThat(backends.chatRequests).hasSize(2);
    assertThat(meters.counter("oavc_ai_turn_retries_total", "flavor", "pipeline").count())
        .isEqualTo(1);
  }

  @Test
  void toolCallRunsThroughTheCallAndItsResultGoesBackToTheModel() throws Exception {
    backends.chatScript.add(ChatReply.tool("Goodbye now.", "hang_up"));
    backends.chatScript.add(ChatReply.text(""));
    start();
    say("bye");
    await().atMost(WAIT).until(() -> backends.chatRequests.size() == 2);
    assertThat(call.tools)
        .containsExactly(new PipelineRecordingCall.ToolUse("hang_up", new JsonObject()));
    assertThat(backends.speechRequests).containsExactly("Goodbye now.");
    JsonArray messages = backends.chatRequests.get(1).getJsonArray("messages");
    assertThat(roles(backends.chatRequests.get(1)))
        .containsExactly("system", "user", "assistant", "tool");
    JsonObject assistant = messages.getJsonObject(2);
    assertThat(assistant.getString("content")).isEqualTo("Goodbye now.");
    assertThat(assistant.getJsonArray("tool_calls").getJsonObject(0).getString("id"))
        .isEqualTo("call_1");
    assertThat(
            assistant
                .getJsonArray("tool_calls")
                .getJsonObject(0)
                .getJsonObject("function")
                .getString("name"))
        .isEqualTo("hang_up");
    JsonObject tool = messages.getJsonObject(3);
    assertThat(tool.getString("tool_call_id")).isEqualTo("call_1");
    assertThat(new JsonObject(tool.getString("content")))
        .isEqualTo(new JsonObject().put("ok", true));
  }

  @Test
  void aServerThatIgnoresStreamIsUnderstoodToo() throws Exception {
    backends.chatScript.add(ChatReply.whole("Transferring you. One moment.", "transfer"));
    backends.chatScript.add(ChatReply.whole("", null));
    start();
    say("sales please");
    await().atMost(WAIT).until(() -> backends.chatRequests.size() == 2);
    assertThat(backends.speechRequests)
        .containsExactlyInAnyOrder("Transferring you.", "One moment.");
    assertThat(call.tools)
        .containsExactly(
            new PipelineRecordingCall.ToolUse("transfer", new JsonObject().put("target", "sales")));
    JsonObject tool = backends.chatRequests.get(1).getJsonArray("messages").getJsonObject(3);
    assertThat(tool.getString("tool_call_id")).isEqualTo("call_9");
    await().atMost(WAIT).until(() -> call.turns(Speaker.AGENT).size() == 1);
    assertThat(call.turns(Speaker.AGENT).get(0).text()).isEqualTo("Transferring you. One moment.");
  }

  @Test
  void aFailedChatRequestIsRetriedOnce() throws Exception {
    backends.chatScript.add(ChatReply.error(500));
    backends.chatScript.add(ChatReply.text("Back again."));
    start();
    say("hello");
    await().atMost(WAIT).until(() -> call.turns(Speaker.AGENT).size() == 1);
    assertThat(call.turns(Speaker.AGENT).get(0).text()).isEqualTo("Back again.");
    assertThat(backends.chatRequests).hasSize(2);
    assertThat(call.failure.get()).isNull();
    assertThat(meters.counter("oavc_ai_turn_retries_total", "flavor", "pipeline").count())
        .isEqualTo(1);
  }

  @Test
  void aSecondFailureInTheTurnFailsTheCall() throws Exception {
    backends.chatScript.add(ChatReply.error(503));
    backends.chatScript.add(ChatReply.error(500));
    start();
    say("hello");
    await().atMost(WAIT).until(() -> call.failure.get() != null);
    assertThat(call.failure.get()).hasMessageContaining("HTTP 500");
    assertThat(backends.chatRequests).hasSize(2);
    assertThat(
            meters
                .counter("oavc_ai_backend_errors_total", "flavor", "pipeline", "stage", "chat")
                .count())
        .isEqualTo(2);
  }

  @Test
  void aFailedSpeechRequestIsRetriedOnceThenFailsTheCall() throws Exception {
    backends.speechFailures.put("Once.", 1);
    backends.speechFailures.put("Twice.", 2);
    backends.chatScript.add(ChatReply.text("Once."));
    backends.chatScript.add(ChatReply.text("Twice."));
    start();
    say("first");
    await().atMost(WAIT).until(() -> call.turns(Speaker.AGENT).size() == 1);
    assertThat(backends.speechRequests).containsExactly("Once.", "Once.");
    assertThat(call.playedSamples.get()).isBetween(3000L, 3300L);
    assertThat(call.failure.get()).isNull();
    say("second");
    await().atMost(WAIT).until(() -> call.failure.get() != null);
    assertThat(call.failure.get()).hasMessageContaining("HTTP 500");
    assertThat(backends.speechRequests).containsExactly("Once.", "Once.", "Twice.", "Twice.");
    assertThat(
            meters
                .counter("oavc_ai_backend_errors_total", "flavor", "pipeline", "stage", "tts")
                .count())
        .isEqualTo(3);
  }

  static short[] concat(List<short[]> pieces) {
    short[] all = new short[pieces.stream().mapToInt(p -> p.length).sum()];
    int at = 0;
    for (short[] p : pieces) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  private static int indexWhere(short[] samples, java.util.function.IntPredicate test) {
    for (int i = 0; i < samples.length; i++) {
      if (test.test(samples[i])) {
        return i;
      }
    }
    return -1;
  }
}
