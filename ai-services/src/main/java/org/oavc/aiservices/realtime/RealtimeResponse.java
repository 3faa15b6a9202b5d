package org.oavc.aiservices.realtime;

import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Iterator;
import java.util.UUID;
import java.util.function.Consumer;
import org.oavc.aiservices.audio.G711Law;
import org.oavc.aiservices.audio.PcmResampler;
import org.oavc.aiservices.chat.RuleAgent;
import org.oavc.aiservices.tts.SpeechSynthesizer;

/**
 * One assistant response: the agent's text spoken sentence by sentence as audio deltas with
 * transcript deltas, then its function call if any, then {@code response.done}. A cancel stops it
 * between chunks and ends it with status "cancelled". Runs on the session's context.
 */
final class RealtimeResponse {

  final String id = "resp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  private final Context context;
  private final EventNames names;
  private final SpeechSynthesizer synthesizer;
  private final Consumer<JsonObject> send;
  private final Consumer<JsonObject> addItem;
  private final Runnable onFinished;
  private final RuleAgent.Reply reply;
  private final JsonArray output = new JsonArray();
  private final PcmResampler resampler;
  private final G711Law outputLaw;
  private final int deltaBytes;
  private final StringBuilder spoken = new StringBuilder();
  private JsonObject message;
  private volatile boolean cancelled;
  private boolean finished;

  /** {@code outputLaw} null: PCM16 LE at 24 kHz; else G.711 at 8 kHz. Deltas carry 100 ms each. */
  RealtimeResponse(
      Context context,
      EventNames names,
      SpeechSynthesizer synthesizer,
      G711Law outputLaw,
      RuleAgent.Reply reply,
      Consumer<JsonObject> send,
      Consumer<JsonObject> addItem,
      Runnable onFinished) {
    this.context = context;
    this.names = names;
    this.synthesizer = synthesizer;
    this.reply = reply;
    this.send = send;
    this.addItem = addItem;
    this.onFinished = onFinished;
    this.outputLaw = outputLaw;
    int outputRate = outputLaw == null ? RealtimeSession.AUDIO_RATE : 8000;
    this.resampler = new PcmResampler(synthesizer.sampleRate(), outputRate);
    this.deltaBytes = outputRate / 10 * (outputLaw == null ? 2 : 1);
  }

  void start() {
    send.accept(event("response.created").put("response", response("in_progress")));
    if (reply.content() == null || reply.content().isBlank()) {
      afterSpeech();
      return;
    }
    message =
        new JsonObject()
            .put("id", itemId())
            .put("object", "realtime.item")
            .put("type", "message")
            .put("role", "assistant")
            .put("status", "in_progress")
            .put("content", new JsonArray());
    send.accept(
        event("response.output_item.added").put("output_index", 0).put("item", message.copy()));
    addItem.accept(message);
    send.accept(
        partEvent("response.content_part.added")
            .put(
                "part", new JsonObject().put("type", names.audioPartType()).put("transcript", "")));
    speak(SpeechSynthesizer.sentences(reply.content()).iterator());
  }

  private void speak(Iterator<String> sentences) {
    if (cancelled || !sentences.hasNext()) {
      finishMessage();
      return;
    }
    String sentence = sentences.next();
    // Completion goes through runOnContext too, so it runs after the audio chunks queued before it.
    synthesizer
        .speak(sentence, pcm -> context.runOnContext(v -> audio(pcm)), () -> cancelled)
        .whenComplete(
            (ok, failure) ->
                context.runOnContext(
                    v -> {
                      if (!cancelled && failure == null) {
                        String text = (spoken.length() > 0 ? " " : "") + sentence;
                        spoken.append(text);
                        send.accept(partEvent(names.transcriptDelta()).put("delta", text));
                      }
                      speak(sentences);
                    }));
  }

  private void audio(byte[] pcm) {
    if (cancelled) {
      return;
    }
    byte[] out = resampler.process(pcm);
    if (outputLaw != null) {
      out = outputLaw.encode(out);
    }
    for (int off = 0; off < out.length; off += deltaBytes) {
      byte[] piece = java.util.Arrays.copyOfRange(out, off, Math.min(out.length, off + deltaBytes));
      send.accept(
          partEvent(names.audioDelta()).put("delta", Base64.getEncoder().encodeToString(piece)));
    }
  }

  private void finishMessage() {
    if (finished) {
      return;
    }
    String transcript = spoken.toString();
    message
        .put("status", cancelled ? "incomplete" : "completed")
        .put(
            "content",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("type", names.audioPartType())
                        .put("transcript", transcript)));
    if (!cancelled) {
      send.accept(partEvent(names.audioDone()));
      send.accept(partEvent(names.transcriptDone()).put("transcript", transcript));
      send.accept(
          partEvent("response.content_part.done")
              .put("part", message.getJsonArray("content").getJsonObject(0)));
      send.accept(
          event("response.output_item.done").put("output_index", 0).put("item", message.copy()));
    }
    output.add(message.copy());
    afterSpeech();
  }

  private void afterSpeech() {
    if (!cancelled && reply.hasToolCall()) {
      int index = output.size();
      String callId = "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
      String arguments = reply.toolArguments().encode();
      JsonObject call =
          new JsonObject()
              .put("id", itemId())
              .put("object", "realtime.item")
              .put("type", "function_call")
              .put("status", "completed")
              .put("call_id", callId)
              .put("name", reply.toolName())
              .put("arguments", arguments);
      send.accept(
          event("response.output_item.added")
              .put("output_index", index)
              .put("item", call.copy().put("status", "in_progress").put("arguments", "")));
      addItem.accept(call);
      JsonObject ids =
          new JsonObject()
              .put("response_id", id)
              .put("item_id", call.getString("id"))
              .put("output_index", index)
              .put("call_id", callId);
      send.accept(
          event("response.function_call_arguments.delta").mergeIn(ids).put("delta", arguments));
      send.accept(
          event("response.function_call_arguments.done")
              .mergeIn(ids)
              .put("name", reply.toolName())
              .put("arguments", arguments));
      send.accept(event("response.output_item.done").put("output_index", index).put("item", call));
      output.add(call);
    }
    done();
  }

  /** Stops at the next chunk; the response ends with status "cancelled". */
  void cancel() {
    if (finished || cancelled) {
      return;
    }
    cancelled = true;
    if (message != null) {
      finishMessage();
    } else {
      done();
    }
  }

  private void done() {
    if (finished) {
      return;
    }
    finished = true;
    send.accept(
        event("response.done")
            .put(
                "response", response(cancelled ? "cancelled" : "completed").put("output", output)));
    onFinished.run();
  }

  boolean finished() {
    return finished;
  }

  private JsonObject response(String status) {
    return new JsonObject()
        .put("id", id)
        .put("object", "realtime.response")
        .put("status", status)
        .put("output", new JsonArray());
  }

  private JsonObject partEvent(String type) {
    return event(type)
        .put("response_id", id)
        .put("item_id", message.getString("id"))
        .put("output_index", 0)
        .put("content_index", 0);
  }

  static JsonObject event(String type) {
    return new JsonObject()
        .put("type", type)
        .put("event_id", "event_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
  }

  static String itemId() {
    return "item_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }
}
