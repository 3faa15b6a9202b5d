package org.oavc.connector.ai.realtime;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCall;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.EarlierTurn;
import org.oavc.connector.ai.Speaker;
import org.oavc.connector.ai.TurnTimings;

/**
 * A test call on its own Vert.x context: plays the agent's audio out in real time (a 20 ms timer
 * advances the played position), records everything the session asks for, and answers tool calls
 * with {@code {"ok": true}}. Readable from the test thread.
 */
final class RealtimeRecordingCall implements AiCall {
  record Turn(Speaker speaker, String text, boolean interrupted) {}

  record ToolCall(String name, JsonObject arguments) {}

  private final Vertx vertx;
  private final Context context;
  private final AiCallInfo info;
  private final AgentProfile profile;
  private int sampleRate = 24000;
  private final List<short[]> played = new ArrayList<>();
  private long queuedSamples;
  private long playedSamples;
  private int stops;
  private final List<Turn> turns = new ArrayList<>();
  private final List<ToolCall> tools = new ArrayList<>();
  private final List<TurnTimings> timings = new ArrayList<>();
  private Throwable failure;
  private final long playoutTimer;

  /** The conversation of a dead node's session, when the test plays a taken-over call. */
  volatile List<EarlierTurn> earlier = List.of();

  @Override
  public List<EarlierTurn> earlierTurns() {
    return earlier;
  }

  RealtimeRecordingCall(Vertx vertx, AiCallInfo info, AgentProfile profile) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.info = info;
    this.profile = profile;
    this.playoutTimer = vertx.setPeriodic(20, id -> context.runOnContext(v -> advance()));
  }

  synchronized void sampleRate(int rate) {
    this.sampleRate = rate;
  }

  private synchronized void advance() {
    playedSamples = Math.min(queuedSamples, playedSamples + sampleRate / 50);
  }

  void stop() {
    vertx.cancelTimer(playoutTimer);
  }

  @Override
  public AiCallInfo info() {
    return info;
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
  public synchronized void play(short[] pcm) {
    played.add(pcm.clone());
    queuedSamples += pcm.length;
  }

  @Override
  public synchronized long queuedMillis() {
    return queuedSamples * 1000 / sampleRate;
  }

  @Override
  public synchronized long playedMillis() {
    return playedSamples * 1000 / sampleRate;
  }

  @Override
  public synchronized boolean playing() {
    return playedSamples < queuedSamples;
  }

  @Override
  public synchronized void stopPlayback() {
    stops++;
    queuedSamples = playedSamples;
  }

  @Override
  public synchronized void transcript(Speaker speaker, String text, boolean interrupted) {
    turns.add(new Turn(speaker, text, interrupted));
  }

  @Override
  public synchronized Future<JsonObject> invokeTool(String name, JsonObject arguments) {
    tools.add(new ToolCall(name, arguments));
    return Future.succeededFuture(new JsonObject().put("ok", true));
  }

  @Override
  public synchronized void turnTimings(TurnTimings t) {
    timings.add(t);
  }

  @Override
  public synchronized void failed(Throwable cause) {
    failure = cause;
  }

  synchronized short[] playedAudio() {
    int n = played.stream().mapToInt(p -> p.length).sum();
    short[] all = new short[n];
    int off = 0;
    for (short[] p : played) {
      System.arraycopy(p, 0, all, off, p.length);
      off += p.length;
    }
    return all;
  }

  synchronized long receivedSamples() {
    return played.stream().mapToLong(p -> p.length).sum();
  }

  synchronized int stops() {
    return stops;
  }

  synchronized List<Turn> turns() {
    return List.copyOf(turns);
  }

  synchronized List<ToolCall> tools() {
    return List.copyOf(tools);
  }

  synchronized List<TurnTimings> timings() {
    return List.copyOf(timings);
  }

  synchronized Throwable failure() {
    return failure;
  }
}
