package org.oavc.connector.ai.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.common.settings.Settings;

/**
 * Scripted back ends on loopback for the pipeline tests: a chat-completions endpoint that records
 * each request and streams the next scripted reply as server-sent events, a speech endpoint
 * answering each sentence with a constant PCM level (24 kHz), optionally late, and a Vosk-protocol
 * WebSocket that records what it gets and sends what the test tells it to.
 */
final class FakeBackends {
  /** One scripted chat answer: content pieces, an optional tool call, or an HTTP error. */
  record ChatReply(
      List<String> pieces, String toolName, int status, boolean holdOpen, boolean whole) {
    ChatReply(List<String> pieces, String toolName, int status, boolean holdOpen) {
      this(pieces, toolName, status, holdOpen, false);
    }

    static ChatReply text(String... pieces) {
      return new ChatReply(List.of(pieces), null, 200, false);
    }

    /** One JSON completion, as a server that ignores "stream" sends. */
    static ChatReply whole(String content, String toolName) {
      return new ChatReply(List.of(content), toolName, 200, false, true);
    }

    /** Streams the pieces, then leaves the response open (a reply still being generated). */
    static ChatReply unfinished(String... pieces) {
      return new ChatReply(List.of(pieces), null, 200, true);
    }

    static ChatReply tool(String content, String toolName) {
      return new ChatReply(List.of(content), toolName, 200, false);
    }

    static ChatReply error(int status) {
      return new ChatReply(List.of(), null, status, false);
    }
  }

  /**
   * How one sentence is spoken: its PCM level, its length, and how long before answering (negative:
   * not until {@link #releaseSpeech()}).
   */
  record Speech(short level, int millis, long delayMillis) {}

  private final Vertx vertx;
  final List<JsonObject> chatRequests = new CopyOnWriteArrayList<>();
  final ConcurrentLinkedQueue<ChatReply> chatScript = new ConcurrentLinkedQueue<>();
  final AtomicInteger chatClosedEarly = new AtomicInteger();
  final List<HttpServerResponse> heldOpen = new CopyOnWriteArrayList<>();
  final Map<String, Speech> speech = new ConcurrentHashMap<>();
  final List<String> speechRequests = new CopyOnWriteArrayList<>();

  /** Sentences whose next speech requests fail with HTTP 500, and how many times. */
  final Map<String, Integer> speechFailures = new ConcurrentHashMap<>();

  private final List<Runnable> heldSpeech = new CopyOnWriteArrayList<>();
  final List<ServerWebSocket> sttSockets = new CopyOnWriteArrayList<>();
  final List<String> sttText = new CopyOnWriteArrayList<>();
  final AtomicInteger sttAudioMessages = new AtomicInteger();
  private HttpServer http;
  private HttpServer stt;

  FakeBackends(Vertx vertx) {
    this.vertx = vertx;
  }

  FakeBackends start() throws Exception {
    http = await(vertx.createHttpServer().requestHandler(this::onHttp).listen(0, "127.0.0.1"));
    stt = await(vertx.createHttpServer().webSocketHandler(this::onStt).listen(0, "127.0.0.1"));
    return this;
  }

  Settings settings() {
    return settings(Map.of());
  }

  /** The settings pointing at these back ends, with {@code overrides} on top. */
  Settings settings(Map<String, String> overrides) {
    Map<String, String> values =
        new java.util.HashMap<>(
            Map.of(
                "STT_URL",
                "ws://127.0.0.1:" + stt.actualPort(),
                "CHAT_URL",
                "http://127.0.0.1:" + http.actualPort() + "/chat",
                "TTS_URL",
                "http://127.0.0.1:" + http.actualPort() + "/speech",
                "CHAT_API_KEY",
                "test-key",
                "AI_CONNECT_TIMEOUT_MS",
                "10000",
                "AI_RECONNECT_BACKOFF_MS",
                "50"));
    values.putAll(overrides);
    return Settings.defaultsWith(values);
  }

  /** Stops the STT server: later connections are refused. */
  void stopStt() throws Exception {
    await(stt.close());
  }

  void close() throws Exception {
    await(http.close());
    await(stt.close());
  }

  /** Answers the speech requests held so far. */
  void releaseSpeech() {
    vertx.runOnContext(v -> heldSpeech.forEach(Runnable::run));
  }

  /** The newest STT connection stops reading: the client's audio piles up on its side. */
  void stopReadingStt() {
    sttSockets.get(sttSockets.size() - 1).pause();
  }

  /** Sends a message to the newest STT connection. */
  void sttSays(JsonObject message) {
    sttSockets.get(sttSockets.size() - 1).writeTextMessage(message.encode());
  }

  private void onStt(ServerWebSocket ws) {
    sttSockets.add(ws);
    ws.textMessageHandler(sttText::add);
    ws.binaryMessageHandler(b -> sttAudioMessages.incrementAndGet());
  }

  private void onHttp(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              if (request.path().equals("/chat")) {
                JsonObject json = body.toJsonObject();
                json.put("authorization", request.getHeader("Authorization"));
                chatRequests.add(json);
                chat(request.response(), chatScript.poll());
              } else {
                speak(request.response(), body.toJsonObject().getString("input"));
              }
            });
  }

  private void chat(HttpServerResponse response, ChatReply reply) {
    if (reply == null) {
      reply = ChatReply.text("");
    }
    if (reply.status() != 200) {
      response.setStatusCode(reply.status()).end("{\"error\":{\"message\":\"scripted failure\"}}");
      return;
    }
    if (reply.whole()) {
      JsonObject message =
          new JsonObject().put("role", "assistant").put("content", reply.pieces().get(0));
      if (reply.toolName() != null) {
        message.put(
            "tool_calls",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("id", "call_9")
                        .put("type", "function")
                        .put(
                            "function",
                            new JsonObject()
                                .put("name", reply.toolName())
                                .put("arguments", "{\"target\":\"sales\"}"))));
      }
      response
          .putHeader("Content-Type", "application/json")
          .end(
              new JsonObject()
                  .put(
                      "choices",
                      new JsonArray().add(new JsonObject().put("index", 0).put("message", message)))
                  .encode());
      return;
    }
    response.setChunked(true).putHeader("Content-Type", "text/event-stream");
    for (String piece : reply.pieces()) {
      event(response, new JsonObject().put("content", piece));
    }
    if (reply.toolName() != null) {
      JsonObject start =
          new JsonObject()
              .put("index", 0)
              .put("id", "call_1")
              .put("type", "function")
              .put("function", new JsonObject().put("name", reply.toolName()).put("arguments", ""));
      event(response, new JsonObject().put("tool_calls", new JsonArray().add(start)));
      JsonObject args =
          new JsonObject().put("index", 0).put("function", new JsonObject().put("arguments", "{}"));
      event(response, new JsonObject().put("tool_calls", new JsonArray().add(args)));
    }
    if (reply.holdOpen()) {
      response.closeHandler(v -> chatClosedEarly.incrementAndGet());
      heldOpen.add(response);
      return;
    }
    response.end("data: [DONE]\n\n");
  }

  private static void event(HttpServerResponse response, JsonObject delta) {
    JsonObject chunk =
        new JsonObject()
            .put(
                "choices",
                new JsonArray().add(new JsonObject().put("index", 0).put("delta", delta)));
    response.write("data: " + chunk.encode() + "\n\n");
  }

  private void speak(HttpServerResponse response, String input) {
    speechRequests.add(input);
    if (speechFailures.getOrDefault(input, 0) > 0) {
      speechFailures.merge(input, -1, Integer::sum);
      response.setStatusCode(500).end("{\"error\":{\"message\":\"scripted speech failure\"}}");
      return;
    }
    Speech s = speech.getOrDefault(input, new Speech((short) 3000, 200, 0));
    Runnable answer =
        () -> {
          response.setChunked(true).putHeader("Content-Type", "audio/pcm");
          int samples = 24 * s.millis();
          Buffer pcm = Buffer.buffer(samples * 2);
          for (int i = 0; i < samples; i++) {
            pcm.appendShortLE(s.level());
          }
          // Two pieces with an odd split, as a network would cut them.
          response.write(pcm.getBuffer(0, 1001));
          response.end(pcm.getBuffer(1001, pcm.length()));
        };
    if (s.delayMillis() < 0) {
      heldSpeech.add(answer);
    } else if (s.delayMillis() > 0) {
      vertx.setTimer(s.delayMillis(), id -> answer.run());
    } else {
      answer.run();
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
