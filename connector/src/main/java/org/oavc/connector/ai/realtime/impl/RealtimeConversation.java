package org.oavc.connector.ai.realtime.impl;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.oavc.connector.ai.AiCall;
import org.oavc.connector.ai.AiLimitOptions;
import org.oavc.connector.ai.EarlierTurn;
import org.oavc.connector.ai.FlavorMetrics;
import org.oavc.connector.ai.Speaker;
import org.oavc.connector.ai.TurnTimings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state of one call's realtime conversation, independent of the socket: which response
 * is in progress, which assistant item is playing and from where, barge-in (cancel + truncate once
 * per item), tool calls, transcript turns and turn timings. Server events of both spellings (GA
 * {@code response.output_audio.*}, beta {@code response.audio.*}) are understood. Runs on the
 * call's context.
 */
final class RealtimeConversation {
  private static final Logger LOG = LoggerFactory.getLogger(RealtimeConversation.class);

  /** Error codes that only say a cancel raced the server's own end of the response. */
  private static final Set<String> BENIGN_ERRORS = Set.of("response_cancel_not_active");

  private record Turn(Speaker speaker, String text) {}

  private final AiCall call;
  private final AudioLink audio;
  private final ClientEvents events;
  private final FlavorMetrics metrics;
  private final Consumer<JsonObject> send;
  private final AiLimitOptions limits;

  /** What was said, to restore on a new connection: the latest turns, each capped. */
  private final ArrayDeque<Turn> history = new ArrayDeque<>();

  private final Set<String> handledToolCalls = new HashSet<>();
  private AgentItem item;
  private String activeResponseId;
  private boolean responseRequested;
  private boolean responseWanted;
  private boolean cancelSent;
  private long speechStoppedNanos = -1;
  private long sttFinalMillis = -1;
  private boolean completedResponse;

  RealtimeConversation(
      AiCall call,
      AudioLink audio,
      ClientEvents events,
      FlavorMetrics metrics,
      Consumer<JsonObject> send,
      AiLimitOptions limits) {
    this.call = call;
    this.limits = limits;
    this.audio = audio;
    this.events = events;
    this.metrics = metrics;
    this.send = send;
  }

  /** True once a response completed since the last call of {@link #connectionLost}. */
  boolean completedResponse() {
    return completedResponse;
  }

  void onServerText(String text) {
    JsonObject event;
    try {
      event = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      metrics.malformedEvent();
      LOG.warn(
          "call {}: realtime event is not a JSON object, ignored: {}",
          call.info().key(),
          e.getMessage());
      return;
    }
    try {
      dispatch(event);
    } catch (ClassCastException e) {
      // A field of the wrong JSON type (e.g. "response": "x"): the event is unusable, the call goes
      // on.
      metrics.malformedEvent();
      LOG.warn(
          "call {}: realtime event {} has a field of the wrong type, ignored",
          call.info().key(),
          event.getValue("type"));
    }
  }

  private void dispatch(JsonObject event) {
    String type = event.getString("type", "");
    switch (type) {
      case "response.created" -> {
        JsonObject response = event.getJsonObject("response", new JsonObject());
        activeResponseId = response.getString("id", "");
        responseRequested = false;
        cancelSent = false;
      }
      case "response.done" -> responseDone(event.getJsonObject("response", new JsonObject()));
      case "response.output_audio.delta", "response.audio.delta" -> audioDelta(event);
      case "response.output_audio_transcript.done", "response.audio_transcript.done" ->
          agentTranscript(event.getString("item_id"), event.getString("transcript"));
      case "conversation.item.input_audio_transcription.completed" ->
          callerTranscript(event.getString("transcript"));
      case "input_audio_buffer.speech_started" -> serverSpeechStarted();
      case "input_audio_buffer.speech_stopped" -> {
        speechStoppedNanos = System.nanoTime();
        sttFinalMillis = -1;
      }
      case "response.function_call_arguments.done" ->
          toolCall(
              event.getString("call_id"), event.getString("name"), event.getString("arguments"));
      case "response.output_item.done" -> {
        JsonObject done = event.getJsonObject("item", new JsonObject());
        if ("function_call".equals(done.getString("type"))) {
          toolCall(done.getString("call_id"), done.getString("name"), done.getString("arguments"));
        }
      }
      case "error" -> serverError(event.getJsonObject("error", new JsonObject()));
      default -> {}
    }
  }

  private void responseDone(JsonObject response) {
    activeResponseId = null;
    responseRequested = false;
    String status = response.getString("status", "");
    if (status.equals("completed")) {
      completedResponse = true;
    } else if (status.equals("failed")) {
      metrics.backendError("server");
      LOG.warn(
          "call {}: realtime response failed: {}",
          call.info().key(),
          response.getValue("status_details"));
    }
    // A cancelled answer has no transcript.done event; its words are in the output items.
    for (Object o : response.getJsonArray("output", new JsonArray())) {
      if (o instanceof JsonObject out && item != null && item.id.equals(out.getString("id"))) {
        agentTranscript(item.id, partTranscript(out));
      }
    }
    if (responseWanted) {
      requestResponse();
    }
  }

  private static String partTranscript(JsonObject outputItem) {
    for (Object p : outputItem.getJsonArray("content", new JsonArray())) {
      if (p instanceof JsonObject part) {
        String text = part.getString("transcript", part.getString("text"));
        if (text != null) {
          return text;
        }
      }
    }
    return null;
  }

  private void audioDelta(JsonObject event) {
    String itemId = event.getString("item_id");
    String delta = event.getString("delta");
    if (itemId == null || delta == null) {
      metrics.malformedEvent();
      return;
    }
    if (item == null || !item.id.equals(itemId)) {
      finishItem();
      item = new AgentItem(itemId, call.queuedMillis(), audio.sessionRate());
      if (speechStoppedNanos >= 0) {
        long sinceSpeech = (System.nanoTime() - speechStoppedNanos) / 1_000_000;
        call.turnTimings(new TurnTimings(sttFinalMillis, -1, sinceSpeech, sinceSpeech));
        speechStoppedNanos = -1;
      }
    }
    if (item.truncated()) {
      return; // late audio of an answer the caller already interrupted
    }
    short[] pcm;
    try {
      pcm = audio.fromWire(Base64.getDecoder().decode(delta));
    } catch (IllegalArgumentException e) {
      metrics.malformedEvent();
      return;
    }
    item.received(pcm.length);
    call.play(pcm);
  }

  private void agentTranscript(String itemId, String text) {
    if (item != null && item.id.equals(itemId) && text != null) {
      item.transcript(text);
      recordAgentTurn();
    }
  }

  private void recordAgentTurn() {
    String text = item == null ? null : item.takeRecordable();
    if (text != null && !text.isBlank()) {
      remember(Speaker.AGENT, text);
      call.transcript(Speaker.AGENT, text, item.truncated());
    }
  }

  /** The current item is over: no further audio of it is expected to be interrupted. */
  private void finishItem() {
    if (item != null) {
      item.finish();
      recordAgentTurn();
    }
  }

  private void callerTranscript(String text) {
    if (speechStoppedNanos >= 0 && sttFinalMillis < 0) {
      sttFinalMillis = (System.nanoTime() - speechStoppedNanos) / 1_000_000;
    }
    if (text != null && !text.isBlank()) {
      remember(Speaker.CALLER, text.trim());
      call.transcript(Speaker.CALLER, text.trim(), false);
    }
  }

  /** Server VAD heard the caller: stop our playback, then the same as a local barge-in. */
  private void serverSpeechStarted() {
    speechStoppedNanos = -1; // a new caller turn: the next answer is timed from its end
    if (call.playing()) {
      call.stopPlayback();
    }
    if (interrupt()) {
      metrics.bargeInDetectedByBackend(); // our own detector's barge-ins are counted by the call
    }
    finishItem();
  }

  /**
   * Barge-in (playback already stopped): cancels the response in progress, truncates the playing
   * item to what the caller heard, and records that item's turn as interrupted.
   */
  void bargeIn() {
    interrupt();
    finishItem();
  }

  /**
   * Cancels the response in progress and truncates the playing item to what the caller heard, each
   * at most once; true when there was something to stop.
   */
  private boolean interrupt() {
    boolean acted = false;
    if ((activeResponseId != null || responseRequested) && !cancelSent) {
      send.accept(events.responseCancel());
      cancelSent = true;
      acted = true;
    }
    responseWanted = false;
    if (item != null && !item.truncated()) {
      long heard = item.heardMillis(call.playedMillis());
      // Fully heard audio needs no truncation: the caller simply spoke after the agent.
      if (heard < item.receivedMillis()) {
        send.accept(events.truncate(item.id, heard));
        item.markTruncated();
        acted = true;
      }
    }
    return acted;
  }

  void callerText(String text) {
    finishItem();
    remember(Speaker.CALLER, text);
    send.accept(events.message(Speaker.CALLER, text));
    requestResponse();
  }

  void greet(String greeting) {
    responseRequested = true;
    send.accept(events.responseSaying(greeting));
  }

  /** response.create now, or after the response in progress is done (one at a time). */
  private void requestResponse() {
    if (activeResponseId != null || responseRequested) {
      responseWanted = true;
      return;
    }
    responseWanted = false;
    responseRequested = true;
    send.accept(events.responseCreate());
  }

  private void toolCall(String callId, String name, String arguments) {
    if (callId == null || name == null || !handledToolCalls.add(callId)) {
      return;
    }
    JsonObject args;
    try {
      args =
          arguments == null || arguments.isBlank() ? new JsonObject() : new JsonObject(arguments);
    } catch (DecodeException | ClassCastException e) {
      metrics.malformedEvent();
      LOG.warn(
          "call {}: tool {} called with arguments that are not a JSON object",
          call.info().key(),
          name);
      toolOutput(callId, new JsonObject().put("error", "arguments are not a JSON object"));
      return;
    }
    call.invokeTool(name, args)
        .onComplete(
            done -> {
              JsonObject result =
                  done.succeeded() && done.result() != null
                      ? done.result()
                      : new JsonObject()
                          .put(
                              "error",
                              done.failed()
                                  ? String.valueOf(done.cause().getMessage())
                                  : "no result");
              // invokeTool may complete on another thread; our state lives on the call's context.
              if (Vertx.currentContext() == call.context()) {
                toolOutput(callId, result);
              } else {
                call.context().runOnContext(v -> toolOutput(callId, result));
              }
            });
  }

  private void toolOutput(String callId, JsonObject result) {
    send.accept(events.functionCallOutput(callId, result.encode()));
    requestResponse();
  }

  private void serverError(JsonObject error) {
    String code = error.getString("code", error.getString("type"));
    if (BENIGN_ERRORS.contains(code)) {
      LOG.debug("call {}: realtime back end: {}", call.info().key(), error.getString("message"));
      return;
    }
    metrics.backendError("server");
    LOG.warn(
        "call {}: realtime back end error {}: {}",
        call.info().key(),
        code,
        error.getString("message"));
    if (responseRequested && activeResponseId == null) {
      responseRequested = false; // the request was most likely what failed
    }
  }

  private void remember(Speaker speaker, String text) {
    history.addLast(new Turn(speaker, limits.capTurn(text)));
    if (history.size() > limits.transcriptMaxTurns()) {
      history.removeFirst();
    }
  }

  /** Remembers the conversation of a dead node's session, as if said here. */
  void prime(List<EarlierTurn> turns) {
    turns.forEach(t -> remember(t.speaker(), t.text()));
  }

  /** The socket is gone: nothing in flight will finish; what was said stays in the history. */
  void connectionLost() {
    activeResponseId = null;
    responseRequested = false;
    responseWanted = false;
    cancelSent = false;
    completedResponse = false;
    finishItem();
    item = null; // the new connection does not know this item: never truncate it there
  }

  /** Events that rebuild the conversation on a new connection: every transcript turn so far. */
  List<JsonObject> restoreEvents() {
    List<JsonObject> out = new ArrayList<>();
    for (Turn turn : history) {
      out.add(events.message(turn.speaker(), turn.text()));
    }
    return out;
  }

  /** The call ends: records the last agent turn if its words are known. */
  void end() {
    finishItem();
  }
}
