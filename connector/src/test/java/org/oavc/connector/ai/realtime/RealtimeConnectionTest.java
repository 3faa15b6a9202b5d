package org.oavc.connector.ai.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.oavc.connector.ai.AiUnavailableException;
import org.oavc.connector.ai.Speaker;

/** Connecting, losing and closing the WebSocket: failures are reported, threads end. */
class RealtimeConnectionTest extends RealtimeTestBase {

  private static JsonObject event(String type) {
    return new JsonObject().put("type", type);
  }

  private Throwable startFailure(Pair pair) {
    Future<Void> start = onContext(pair.call(), () -> pair.session().start(pair.call()));
    await().atMost(WAIT).until(start::isComplete);
    assertThat(start.failed()).isTrue();
    return start.cause();
  }

  @Test
  void refusedConnectionFailsStartWithAiUnavailable() throws Exception {
    long threadsBefore = webSocketThreads();
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // closed again: nothing listens there now
    }
    Pair pair = create(options("ws://127.0.0.1:" + port), info("PCMU", 8000), profile(null));
    assertThat(startFailure(pair))
        .isInstanceOf(AiUnavailableException.class)
        .hasMessageContaining("not reachable");
    assertThat(counter("oavc_ai_backend_errors_total", "flavor", "realtime", "stage", "connect"))
        .isEqualTo(1);
    await().atMost(WAIT).until(() -> webSocketThreads() <= threadsBefore);
  }

  @Test
  void silentPeerFailsStartWithinTheConnectTimeout() throws Exception {
    long threadsBefore = webSocketThreads();
    // The kernel completes the TCP handshake from the backlog; nobody ever answers the upgrade.
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Pair pair =
          create(
              options("ws://127.0.0.1:" + silent.getLocalPort()).setConnectTimeoutMillis(500),
              info("PCMU", 8000),
              profile(null));
      assertThat(startFailure(pair))
          .isInstanceOf(AiUnavailableException.class)
          .hasMessageContaining("500 ms");
      await().atMost(WAIT).until(() -> webSocketThreads() <= threadsBefore);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ScriptedRealtimeServer.SessionReply.class,
      names = {"ERROR", "SILENCE", "DROP"})
  void peerThatDoesNotConfirmTheSessionFailsStart(ScriptedRealtimeServer.SessionReply reply)
      throws Exception {
    long threadsBefore = webSocketThreads();
    try (ScriptedRealtimeServer server = new ScriptedRealtimeServer(vertx)) {
      server.sessionReply(reply);
      // Only the silent peer needs the timeout; the others answer, however slowly the machine runs.
      int timeout = reply == ScriptedRealtimeServer.SessionReply.SILENCE ? 1000 : 10_000;
      Pair pair =
          create(
              options(server.url()).setConnectTimeoutMillis(timeout),
              info("PCMU", 8000),
              profile("Hi."));
      Throwable failure = startFailure(pair);
      assertThat(failure).isInstanceOf(AiUnavailableException.class);
      switch (reply) {
        case ERROR -> assertThat(failure).hasMessageContaining("unsupported_audio_format");
        case SILENCE -> assertThat(failure).hasMessageContaining("1000 ms");
        default -> assertThat(failure).hasMessageContaining("closed during set-up");
      }
      assertThat(counter("oavc_ai_backend_errors_total", "flavor", "realtime", "stage", "connect"))
          .isEqualTo(1);
      assertThat(server.received("response.create")).isEmpty(); // no greeting on a failed start
      await().atMost(WAIT).until(() -> server.openConnections() == 0);
      await().atMost(WAIT).until(() -> webSocketThreads() <= threadsBefore);
    }
  }

  @Test
  void badUrlFailsStartWithAiUnavailable() throws Exception {
    Pair pair = create(options("ws://bad host:1"), info("PCMU", 8000), profile(null));
    assertThat(startFailure(pair)).isInstanceOf(AiUnavailableException.class);
  }

  @Test
  void droppedSocketReconnectsOnceRestoresTheConversationThenFails() throws Exception {
    try (ScriptedRealtimeServer server = new ScriptedRealtimeServer(vertx)) {
      Pair pair = started(options(server.url()), info("G722", 16000), profile(null));
      server.send(event("input_audio_buffer.speech_stopped"));
      server.send(
          event("conversation.item.input_audio_transcription.completed")
              .put("transcript", "what time is it"));
      server.send(event("response.created").put("response", new JsonObject().put("id", "resp_1")));
      server.send(
          RealtimeProtocolTest.delta("response.output_audio.delta", "item_1", new byte[480000]));
      server.send(
          event("response.output_audio_transcript.done")
              .put("item_id", "item_1")
              .put("transcript", "It is noon."));
      await().atMost(WAIT).until(() -> pair.call().receivedSamples() == 240000);
      run(pair.call(), pair.call()::stopPlayback); // most of the ten seconds stay unheard

      server.dropNewest();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  server.connections() == 2
                      && server.all().stream()
                              .filter(
                                  e ->
                                      e.getInteger("_connection") == 2
                                          && e.getString("type").equals("conversation.item.create"))
                              .count()
                          == 2);
      List<JsonObject> restored = server.received(e -> e.getInteger("_connection") == 2);
      assertThat(restored.get(0).getString("type")).isEqualTo("session.update");
      JsonObject caller = restored.get(1).getJsonObject("item");
      assertThat(caller.getString("role")).isEqualTo("user");
      assertThat(caller.getJsonArray("content").getJsonObject(0).getString("text"))
          .isEqualTo("what time is it");
      JsonObject agent = restored.get(2).getJsonObject("item");
      assertThat(agent.getString("role")).isEqualTo("assistant");
      assertThat(agent.getJsonArray("content").getJsonObject(0))
          .isEqualTo(new JsonObject().put("type", "output_text").put("text", "It is noon."));
      assertThat(pair.call().turns())
          .containsExactly(
              new RealtimeRecordingCall.Turn(Speaker.CALLER, "what time is it", false),
              new RealtimeRecordingCall.Turn(Speaker.AGENT, "It is noon.", false));
      assertThat(pair.call().failure()).isNull();
      // The old item is unknown to the new connection: a barge-in does not truncate it there.
      run(
          pair.call(),
          () -> {
            pair.session().onBargeIn(pair.call().playedMillis());
            pair.session().onCallerText("marker");
          });
      await().atMost(WAIT).until(() -> server.received("response.create").size() == 1);
      assertThat(server.received("conversation.item.truncate")).isEmpty();

      // The new connection never completed an answer: a second drop is final.
      server.dropNewest();
      await().atMost(WAIT).until(() -> pair.call().failure() != null);
      assertThat(pair.call().failure()).isInstanceOf(AiUnavailableException.class);
      assertThat(server.connections()).isEqualTo(2);
      assertThat(counter("oavc_ai_reconnects_total", "flavor", "realtime")).isEqualTo(1);
      closeSessions();
    }
  }

  @Test
  void aConnectionThatCompletedAnAnswerEarnsAnotherReconnect() throws Exception {
    try (ScriptedRealtimeServer server = new ScriptedRealtimeServer(vertx)) {
      Pair pair = started(options(server.url()), info("PCMU", 8000), profile(null));
      server.dropNewest();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  server.connections() == 2
                      && server
                              .received(
                                  e ->
                                      e.getInteger("_connection") == 2
                                          && e.getString("type").equals("session.update"))
                              .size()
                          == 1);
      server.send(event("response.created").put("response", new JsonObject().put("id", "resp_1")));
      server.send(
          event("response.done")
              .put("response", new JsonObject().put("id", "resp_1").put("status", "completed")));
      // The drop is only seen after the events before it, so the answer counts.
      server.dropNewest();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  server.connections() == 3
                      && server
                              .received(
                                  e ->
                                      e.getInteger("_connection") == 3
                                          && e.getString("type").equals("session.update"))
                              .size()
                          == 1);
      assertThat(pair.call().failure()).isNull();
      assertThat(counter("oavc_ai_reconnects_total", "flavor", "realtime")).isEqualTo(2);
      closeSessions();
    }
  }

  @Test
  void reconnectThatCannotConnectFailsTheCall() throws Exception {
    ScriptedRealtimeServer server = new ScriptedRealtimeServer(vertx);
    Pair pair = started(options(server.url()), info("PCMU", 8000), profile(null));
    await().atMost(WAIT).until(() -> !server.received("session.update").isEmpty());
    server.close(); // the socket drops and nothing listens any more
    await().atMost(WAIT).until(() -> pair.call().failure() != null);
    assertThat(pair.call().failure()).isInstanceOf(AiUnavailableException.class);
    assertThat(counter("oavc_ai_reconnects_total", "flavor", "realtime")).isEqualTo(1);
    assertThat(counter("oavc_ai_backend_errors_total", "flavor", "realtime", "stage", "connect"))
        .isEqualTo(1);
  }

  @Test
  void closeIsIdempotentAndEndsTheClientThreads() throws Exception {
    long threadsBefore = webSocketThreads();
    try (ScriptedRealtimeServer server = new ScriptedRealtimeServer(vertx)) {
      Pair pair = started(options(server.url()), info("PCMU", 8000), profile(null));
      assertThat(webSocketThreads()).isGreaterThan(threadsBefore);
      Future<Void> first = onContext(pair.call(), pair.session()::close);
      Future<Void> second = onContext(pair.call(), pair.session()::close);
      first.await(10, TimeUnit.SECONDS);
      second.await(10, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> webSocketThreads() <= threadsBefore);
      // Audio after close is dropped, not sent and not thrown.
      run(pair.call(), () -> pair.session().onCallerAudio(new short[960]));
      assertThat(server.received("input_audio_buffer.append")).isEmpty();
    }
  }

  @Test
  void manyShortSessionsLeaveNoThreadsOrSocketsBehind() throws Exception {
    long threadsBefore = webSocketThreads();
    try (ScriptedRealtimeServer server = new ScriptedRealtimeServer(vertx)) {
      for (int i = 0; i < 30; i++) {
        Pair pair =
            started(
                options(server.url()), info(i % 2 == 0 ? "PCMU" : "G722", 8000), profile("Hi."));
        run(
            pair.call(),
            () -> pair.session().onCallerAudio(new short[pair.session().sampleRate() / 10]));
        closeSessions();
      }
      assertThat(server.connections()).isEqualTo(30);
      await().atMost(WAIT).until(() -> server.openConnections() == 0);
      await().atMost(WAIT).until(() -> webSocketThreads() <= threadsBefore);
    }
  }

  @Test
  void closeWhileConnectingClosesTheNewSocket() throws Exception {
    long threadsBefore = webSocketThreads();
    try (ScriptedRealtimeServer server = new ScriptedRealtimeServer(vertx)) {
      Pair pair = create(options(server.url()), info("PCMU", 8000), profile(null));
      Future<Void> start =
          onContext(
              pair.call(),
              () -> {
                Future<Void> starting = pair.session().start(pair.call());
                pair.session().close();
                return starting;
              });
      await().atMost(WAIT).until(start::isComplete);
      assertThat(start.cause())
          .isInstanceOf(AiUnavailableException.class)
          .hasMessageContaining("closed");
      await().atMost(WAIT).until(() -> webSocketThreads() <= threadsBefore);
      assertThat(server.received("session.update")).isEmpty();
    }
  }
}
