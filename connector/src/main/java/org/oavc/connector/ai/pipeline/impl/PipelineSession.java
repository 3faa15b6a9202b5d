package org.oavc.connector.ai.pipeline.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCall;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiUnavailableException;
import org.oavc.connector.ai.EarlierTurn;
import org.oavc.connector.ai.FlavorMetrics;
import org.oavc.connector.ai.Speaker;
import org.oavc.connector.ai.TurnTimings;
import org.oavc.connector.ai.WebSocketSendBound;
import org.oavc.connector.ai.pipeline.PipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's pipeline conversation: caller audio to STT; each final transcript (or caller text) is
 * a user turn answered by a streamed chat completion whose sentences are spoken as they complete;
 * tool calls run through the call and the chat is asked again with their results. Everything runs
 * on the call's context.
 */
final class PipelineSession implements AiSession, SttStream.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineSession.class);

  /** Vosk models run at 16 kHz: wideband end to end, no detour through 8 kHz. */
  static final int SAMPLE_RATE = 16000;

  /** Slack after the expected end of playout before checking again whether it is over. */
  private static final long PLAYOUT_CHECK_SLACK_MS = 20;

  private final Vertx vertx;
  private final PipelineBackends backends;
  private final FlavorMetrics metrics;
  private final ConversationHistory history;
  private AiCall call;
  private Context context;
  private AgentProfile profile;
  private JsonArray tools;
  private SttStream stt;
  private AgentTurn turn;
  private String lastPartial = "";
  private long lastPartialChangeNanos = -1;
  private boolean reconnecting;
  private boolean closed;
  private boolean failed;

  PipelineSession(Vertx vertx, PipelineBackends backends, FlavorMetrics metrics) {
    this.vertx = vertx;
    this.backends = backends;
    this.metrics = metrics;
    this.history = new ConversationHistory(backends.config().limits().chatHistoryMaxChars());
  }

  @Override
  public int sampleRate() {
    return SAMPLE_RATE;
  }

  @Override
  public Future<Void> start(AiCall aiCall) {
    call = aiCall;
    context = aiCall.context();
    profile = aiCall.profile();
    tools = PipelineBackends.functionTools(profile.tools());
    history.instructions(profile.instructions());
    for (EarlierTurn t : aiCall.earlierTurns()) {
      if (t.speaker() == Speaker.CALLER) {
        history.addUser(t.text());
      } else {
        history.addAssistant(t.text(), List.of());
      }
    }
    PipelineOptions config = backends.config();
    stt =
        new SttStream(
            context,
            config.sttUri(),
            SAMPLE_RATE,
            config.connectTimeoutMillis(),
            new WebSocketSendBound(config.limits()),
            this,
            metrics);
    return stt.connect()
        .compose(
            v -> {
              if (closed) {
                return Future.failedFuture(
                    new AiUnavailableException("session closed while starting"));
              }
              // A call carried on from a dead node was greeted there already.
              if (profile.greeting() != null
                  && !profile.greeting().isBlank()
                  && call.earlierTurns().isEmpty()) {
                greet(profile.greeting());
              }
              return Future.<Void>succeededFuture();
            });
  }

  @Override
  public void onCallerAudio(short[] pcm) {
    if (closed || stt == null) {
      return;
    }
    if (!stt.send(pcm)) {
      metrics.callerFrameDropped();
    }
  }

  @Override
  public void onCallerText(String text) {
    if (!closed && text != null && !text.isBlank()) {
      userTurn(text.trim(), System.nanoTime(), -1);
    }
  }

  @Override
  public void onBargeIn(long playedMillis) {
    AgentTurn t = turn;
    if (closed || t == null) {
      return;
    }
    endTurn(t, Math.max(0, playedMillis), true);
  }

  @Override
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    AgentTurn t = turn;
    if (t != null) {
      long heard = heardMillis(t);
      endTurn(t, heard, heard < t.queuedMillis());
    }
    if (stt != null) {
      stt.close();
    }
    return Future.succeededFuture();
  }

  // --- speech-to-text results

  @Override
  public void onPartial(String text) {
    if (!text.isEmpty() && !text.equals(lastPartial)) {
      lastPartial = text;
      lastPartialChangeNanos = System.nanoTime();
    }
  }

  @Override
  public void onFinal(String text) {
    long now = System.nanoTime();
    // The last partial that changed is when the words stopped; the final waits for silence.
    long endOfSpeech = lastPartialChangeNanos >= 0 ? lastPartialChangeNanos : now;
    lastPartial = "";
    lastPartialChangeNanos = -1;
    if (!closed && !text.isEmpty()) {
      userTurn(text, endOfSpeech, now);
    }
  }

  @Override
  public void onDropped(String reason) {
    if (closed || failed) {
      return;
    }
    if (reconnecting) {
      fail(
          new AiUnavailableException(
              "speech-to-text dropped again right after reconnecting: " + reason));
      return;
    }
    reconnecting = true;
    metrics.reconnect();
    long backoff = backends.config().reconnectBackoffMillis();
    LOG.warn(
        "call {}: speech-to-text {}; reconnecting in {} ms", call.info().key(), reason, backoff);
    vertx.setTimer(
        Math.max(1, backoff),
        id -> {
          if (closed) {
            return;
          }
          stt.connect()
              .onComplete(
                  ar -> {
                    reconnecting = false;
                    if (ar.failed()) {
                      fail(ar.cause());
                    } else {
                      LOG.info("call {}: speech-to-text reconnected", call.info().key());
                    }
                  });
        });
  }

  @Override
  public void onStalled(String reason) {
    fail(new AiUnavailableException("speech-to-text " + reason));
  }

  // --- turns

  private void greet(String greeting) {
    AgentTurn t = new AgentTurn(System.nanoTime(), -1, false);
    turn = t;
    AgentTurn.Round round = t.newRound(newReply(t));
    round.splitter.add(greeting).forEach(round.reply::addSentence);
    String rest = round.splitter.flush();
    if (rest != null) {
      round.reply.addSentence(rest);
    }
    round.content.append(greeting);
    round.message = history.addAssistant(greeting, List.of());
    round.reply.finish();
  }

  private void userTurn(String text, long endOfSpeechNanos, long sttFinalNanos) {
    AgentTurn current = turn;
    if (current != null) {
      // The caller spoke again before our answer ended: that answer stops where they took over.
      long heard = heardMillis(current);
      call.stopPlayback();
      endTurn(current, heard, true);
    }
    history.addUser(text);
    call.transcript(Speaker.CALLER, text, false);
    AgentTurn t = new AgentTurn(endOfSpeechNanos, sttFinalNanos, true);
    turn = t;
    requestChat(t);
  }

  private void requestChat(AgentTurn t) {
    AgentTurn.Round round = t.newRound(newReply(t));
    sendChat(t, round);
  }

  private void sendChat(AgentTurn t, AgentTurn.Round round) {
    round.chat =
        backends.chat(
            context,
            history.messages(),
            tools,
            new ChatStream.Listener() {
              @Override
              public void onContent(String piece) {
                t.firstToken(System.nanoTime());
                round.splitter.add(round.accept(piece)).forEach(round.reply::addSentence);
              }

              @Override
              public void onDone(List<ToolCall> toolCalls) {
                String rest = round.splitter.flush();
                if (rest != null) {
                  round.reply.addSentence(rest);
                }
                round.toolCalls = toolCalls;
                toolCalls.forEach(c -> metrics.toolCall());
                round.message = history.addAssistant(round.content.toString(), toolCalls);
                round.reply.finish();
              }

              @Override
              public void onError(Throwable cause) {
                metrics.backendError("chat");
                if (retryAllowed(t, cause)) {
                  round.skipChars = round.content.length();
                  sendChat(t, round);
                }
              }
            });
  }

  private SpokenReply newReply(AgentTurn t) {
    return new SpokenReply(
        new SpokenReply.Host() {
          @Override
          public SpeechStream speak(String text, SpeechStream.Listener listener) {
            return backends.speak(context, text, profile.voice(), SAMPLE_RATE, listener);
          }

          @Override
          public void play(short[] pcm) {
            report(t.firstAudio(System.nanoTime()));
            call.play(pcm);
          }

          @Override
          public void firstSpeechByte() {
            t.firstSpeechByte(System.nanoTime());
          }

          @Override
          public boolean retryAllowed(Throwable cause) {
            metrics.backendError("tts");
            return PipelineSession.this.retryAllowed(t, cause);
          }

          @Override
          public void allQueued(SpokenReply reply) {
            roundQueued(
                t, t.rounds.stream().filter(r -> r.reply == reply).findFirst().orElseThrow());
          }
        },
        SAMPLE_RATE);
  }

  private boolean retryAllowed(AgentTurn t, Throwable cause) {
    if (t.cancelled() || closed) {
      return false;
    }
    if (t.takeRetry()) {
      metrics.turnRetry();
      LOG.warn("call {}: {}; retrying the turn once", call.info().key(), cause.toString());
      return true;
    }
    fail(cause);
    return false;
  }

  /** A round's speech is all queued: run its tools and ask again, or the turn is over. */
  private void roundQueued(AgentTurn t, AgentTurn.Round round) {
    if (round.toolCalls.isEmpty()) {
      report(t.timings());
      awaitPlayout(t);
      return;
    }
    Future<Void> chain = Future.succeededFuture();
    JsonObject[] results = new JsonObject[round.toolCalls.size()];
    for (int i = 0; i < results.length; i++) {
      int index = i;
      ToolCall tc = round.toolCalls.get(i);
      chain =
          chain.compose(
              v ->
                  invoke(tc)
                      .map(
                          result -> {
                            results[index] = result;
                            return null;
                          }));
    }
    chain.onComplete(
        ar -> {
          if (t.cancelled() || closed || turn != t) {
            return;
          }
          round.toolsRun = true;
          for (int i = 0; i < results.length; i++) {
            history.addToolResult(round.toolCalls.get(i).id(), results[i]);
          }
          requestChat(t);
        });
  }

  private Future<JsonObject> invoke(ToolCall tc) {
    JsonObject arguments;
    try {
      arguments = new JsonObject(tc.arguments().isBlank() ? "{}" : tc.arguments());
    } catch (DecodeException | ClassCastException e) {
      return Future.succeededFuture(
          new JsonObject().put("error", "arguments are not a JSON object"));
    }
    return call.invokeTool(tc.name(), arguments)
        .recover(
            e ->
                Future.succeededFuture(
                    new JsonObject().put("error", String.valueOf(e.getMessage()))));
  }

  /** The turn's audio is queued; once it has played out, the agent's transcript turn is final. */
  private void awaitPlayout(AgentTurn t) {
    if (t.cancelled() || closed || turn != t) {
      return;
    }
    if (call.playing()) {
      long left = Math.max(0, call.queuedMillis() - call.playedMillis());
      vertx.setTimer(left + PLAYOUT_CHECK_SLACK_MS, id -> awaitPlayout(t));
      return;
    }
    turn = null;
    String said = t.text();
    if (!said.isEmpty()) {
      call.transcript(Speaker.AGENT, said, false);
    }
  }

  /** How much of the turn's queued audio the caller has heard so far. */
  private long heardMillis(AgentTurn t) {
    long unplayed = Math.max(0, call.queuedMillis() - call.playedMillis());
    return Math.max(0, t.queuedMillis() - unplayed);
  }

  /** Stops the turn: cancels its requests and keeps only the words heard in the history. */
  private void endTurn(AgentTurn t, long heardMillis, boolean interrupted) {
    t.cancel();
    if (turn == t) {
      turn = null;
    }
    long left = heardMillis;
    StringBuilder said = new StringBuilder();
    for (AgentTurn.Round r : t.rounds) {
      String spoken = r.reply.spokenText(left);
      left = Math.max(0, left - r.reply.queuedMillis());
      history.trimAssistant(r.message, spoken, r.toolsRun);
      if (!spoken.isEmpty()) {
        said.append(said.length() > 0 ? " " : "").append(spoken);
      }
    }
    if (said.length() > 0) {
      call.transcript(Speaker.AGENT, said.toString(), interrupted);
    }
  }

  private void report(TurnTimings timings) {
    if (timings != null) {
      LOG.debug("call {}: turn {}", call.info().key(), timings);
      call.turnTimings(timings);
    }
  }

  private void fail(Throwable cause) {
    if (failed || closed) {
      return;
    }
    failed = true;
    LOG.warn("call {}: pipeline failed: {}", call.info().key(), cause.toString());
    call.failed(cause);
  }
}
