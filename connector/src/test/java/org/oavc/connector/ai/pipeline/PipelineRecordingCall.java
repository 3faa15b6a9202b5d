package org.oavc.connector.ai.pipeline;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCall;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.EarlierTurn;
import org.oavc.connector.ai.Speaker;
import org.oavc.connector.ai.TurnTimings;
import org.oavc.connector.ai.tools.ToolSpec;

/**
 * An {@link AiCall} that records what a session does to it, on its own Vert.x context. Audio
 * "plays" instantly: everything queued counts as played, nothing stays queued.
 */
final class PipelineRecordingCall implements AiCall {
  record Turn(Speaker speaker, String text, boolean interrupted) {}

  record ToolUse(String name, JsonObject arguments) {}

  static final List<ToolSpec> TOOLS =
      List.of(
          new ToolSpec(
              "hang_up",
              "End the call after the goodbye.",
              new JsonObject().put("type", "object").put("properties", new JsonObject()),
              null),
          new ToolSpec(
              "transfer",
              "Transfer the caller.",
              new JsonObject()
                  .put("type", "object")
                  .put(
                      "properties",
                      new JsonObject().put("target", new JsonObject().put("type", "string"))),
              null));

  final Context context;
  private final AgentProfile profile;
  final List<short[]> played = new CopyOnWriteArrayList<>();
  final AtomicLong playedSamples = new AtomicLong();
  final List<Turn> transcript = new CopyOnWriteArrayList<>();

  /** The conversation of a dead node's session, when the test plays a taken-over call. */
  volatile List<EarlierTurn> earlier = List.of();

  final List<ToolUse> tools = new CopyOnWriteArrayList<>();
  final List<TurnTimings> timings = new CopyOnWriteArrayList<>();
  final AtomicReference<Throwable> failure = new AtomicReference<>();
  final AtomicInteger stops = new AtomicInteger();
  final List<String> wrongThread = new CopyOnWriteArrayList<>();

  PipelineRecordingCall(Vertx vertx, String greeting) {
    this.context = vertx.getOrCreateContext();
    this.profile =
        new AgentProfile("pipeline", "You are a test agent.", null, "en", greeting, TOOLS);
  }

  /** Runs {@code action} on the call's context and waits for its result. */
  <T> T on(Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          try {
            result.complete(action.get());
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(10, TimeUnit.SECONDS);
  }

  private void checkContext(String what) {
    if (Vertx.currentContext() != context) {
      wrongThread.add(what + " on " + Thread.currentThread().getName());
    }
  }

  /** Root mean square of samples. */
  static double rms(short[] samples) {
    double sum = 0;
    for (short s : samples) {
      sum += (double) s * s;
    }
    return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
  }

  List<Turn> turns(Speaker speaker) {
    return transcript.stream().filter(t -> t.speaker() == speaker).toList();
  }

  @Override
  public AiCallInfo info() {
    return new AiCallInfo("k1", "call-1", "alice", "agent", "G722", 16000, Map.of());
  }

  @Override
  public AgentProfile profile() {
    return profile;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public void play(short[] pcm) {
    checkContext("play");
    played.add(pcm);
    playedSamples.addAndGet(pcm.length);
  }

  @Override
  public long queuedMillis() {
    return playedSamples.get() / 16;
  }

  @Override
  public long playedMillis() {
    return queuedMillis();
  }

  @Override
  public boolean playing() {
    return false;
  }

  @Override
  public void stopPlayback() {
    checkContext("stopPlayback");
    stops.incrementAndGet();
  }

  @Override
  public List<EarlierTurn> earlierTurns() {
    return earlier;
  }

  @Override
  public void transcript(Speaker speaker, String text, boolean interrupted) {
    checkContext("transcript");
    transcript.add(new Turn(speaker, text, interrupted));
  }

  @Override
  public Future<JsonObject> invokeTool(String name, JsonObject arguments) {
    checkContext("invokeTool");
    tools.add(new ToolUse(name, arguments));
    return Future.succeededFuture(new JsonObject().put("ok", true));
  }

  @Override
  public void turnTimings(TurnTimings t) {
    checkContext("turnTimings");
    timings.add(t);
  }

  @Override
  public void failed(Throwable cause) {
    checkContext("failed");
    failure.compareAndSet(null, cause);
  }
}
