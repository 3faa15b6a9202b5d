package org.oavc.connector.ai.realtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.tools.ToolSpec;

/** A Vert.x instance, a meter registry, and the calls/sessions a test opened (closed after it). */
abstract class RealtimeTestBase {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final List<ToolSpec> TOOLS =
      List.of(
          new ToolSpec("hang_up", "End the call", new JsonObject().put("type", "object"), null),
          new ToolSpec(
              "transfer",
              "Transfer the call",
              new JsonObject()
                  .put("type", "object")
                  .put(
                      "properties",
                      new JsonObject().put("target", new JsonObject().put("type", "string"))),
              null));

  Vertx vertx;
  SimpleMeterRegistry meters;
  private final List<RealtimeRecordingCall> calls = new ArrayList<>();
  private final List<AiSession> sessions = new ArrayList<>();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
    meters = new SimpleMeterRegistry();
  }

  @AfterEach
  void stopVertx() throws Exception {
    closeSessions();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Closes every session and call of the test (before its servers go, so none reconnects). */
  void closeSessions() throws Exception {
    for (int i = 0; i < sessions.size(); i++) {
      AiSession session = sessions.get(i);
      onContext(calls.get(i), session::close).await(10, TimeUnit.SECONDS);
      calls.get(i).stop();
    }
    sessions.clear();
    calls.clear();
  }

  static AiCallInfo info(String codec, int rate) {
    return new AiCallInfo("key-1", "call-1@test", "alice", "agent", codec, rate, Map.of());
  }

  static AgentProfile profile(String greeting) {
    return new AgentProfile("realtime", "Be brief.", "alloy", "en", greeting, TOOLS);
  }

  RealtimeOptions options(String url) {
    return new RealtimeOptions()
        .setUrl(url)
        .setConnectTimeoutMillis(10_000)
        .setReconnectBackoffMillis(100)
        .setMeterRegistry(meters);
  }

  /** A call plus its session, not started yet; both closed after the test. */
  record Pair(RealtimeRecordingCall call, AiSession session) {}

  Pair create(RealtimeOptions options, AiCallInfo info, AgentProfile profile) {
    AiSession session = RealtimeFlavor.factory(vertx, options).create(info, profile);
    RealtimeRecordingCall call = new RealtimeRecordingCall(vertx, info, profile);
    call.sampleRate(session.sampleRate());
    calls.add(call);
    sessions.add(session);
    return new Pair(call, session);
  }

  Pair started(RealtimeOptions options, AiCallInfo info, AgentProfile profile) throws Exception {
    Pair pair = create(options, info, profile);
    onContext(pair.call(), () -> pair.session().start(pair.call())).await(10, TimeUnit.SECONDS);
    return pair;
  }

  /** Runs a session method on the call's context, as the conversation core does. */
  static <T> Future<T> onContext(RealtimeRecordingCall call, Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    call.context().runOnContext(v -> action.get().onComplete(done));
    return done.future();
  }

  static void run(RealtimeRecordingCall call, Runnable action) throws Exception {
    onContext(
            call,
            () -> {
              action.run();
              return Future.<Void>succeededFuture();
            })
        .await(10, TimeUnit.SECONDS);
  }

  /** Threads Java-WebSocket starts per client (connect/read, write, connection-lost timer). */
  static long webSocketThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(
            t ->
                t.isAlive()
                    && (t.getName().startsWith("WebSocket")
                        || t.getName().startsWith("connectionLostChecker")))
        .count();
  }

  double counter(String name, String... tags) {
    return org.oavc.connector.MeterTotals.total(meters, name, tags);
  }
}
