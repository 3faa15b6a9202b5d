package org.oavc.aiservices.realtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.oavc.aiservices.audio.G711Law;
import org.oavc.aiservices.audio.PcmResampler;
import org.oavc.aiservices.chat.RuleAgent;
import org.oavc.aiservices.stt.VoskEngine;
import org.oavc.aiservices.tts.SpeechSynthesizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Realtime-protocol conversation: PCM16 24 kHz or G.711 audio in through {@code
 * input_audio_buffer.append}, server VAD, Vosk transcription of each utterance, the rule agent's
 * reply spoken by FreeTTS, function calls, {@code response.cancel} and {@code
 * conversation.item.truncate}. Speech that starts during a response interrupts it.
 */
final class RealtimeSession {
  private static final Logger LOG = LoggerFactory.getLogger(RealtimeSession.class);
  static final int AUDIO_RATE = 24000;
  private static final int MAX_MANUAL_BUFFER_BYTES = ServerVad.MAX_TURN_MS / 1000 * AUDIO_RATE * 2;

  private final ServerWebSocket socket;
  private final Context context;
  private final EventNames names;
  private final Executor blocking;
  private final VoskEngine engine;
  private final SpeechSynthesizer synthesizer;
  private final RuleAgent agent;
  private final MeterRegistry registry;
  private final List<JsonObject> items = new ArrayList<>();
  private final JsonObject session;
  private ServerVad vad;
  private G711Law inputLaw;
  private G711Law outputLaw;
  private PcmResampler inputUpsampler;
  private final java.io.ByteArrayOutputStream manualBuffer = new java.io.ByteArrayOutputStream();
  private RealtimeResponse active;
  private String speechItemId;
  private boolean closed;
  private Runnable onClosed = () -> {};

  RealtimeSession(
      ServerWebSocket socket,
      Context context,
      Executor blocking,
      VoskEngine engine,
      SpeechSynthesizer synthesizer,
      RuleAgent agent,
      MeterRegistry registry) {
    this.socket = socket;
    this.registry = registry;
    this.context = context;
    this.names = new EventNames(socket.headers().get("OpenAI-Beta") != null);
    this.blocking = blocking;
    this.engine = engine;
    this.synthesizer = synthesizer;
    this.agent = agent;
    this.session =
        new JsonObject()
            .put("id", "sess_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20))
            .put("object", "realtime.session")
            .put("model", "oavc-local")
            .put("instructions", "")
            .put("voice", SpeechSynthesizer.VOICE)
            .put("tools", new JsonArray())
            .put(
                "turn_detection",
                new JsonObject()
                    .put("type", "server_vad")
                    .put("threshold", 0.5)
                    .put("prefix_padding_ms", 300)
                    .put("silence_duration_ms", 500)
                    .put("create_response", true)
                    .put("interrupt_response", true));
    if (names.beta()) {
      session
          .put("modalities", new JsonArray().add("audio").add("text"))
          .put("input_audio_format", "pcm16")
          .put("output_audio_format", "pcm16");
    } else {
      session.put("type", "realtime").put("output_modalities", new JsonArray().add("audio"));
    }
    applyVad();
  }

  /** Starts reading events; {@code onClosed} runs once when the socket is gone. */
  void start(Runnable onClosed) {
    this.onClosed = onClosed;
    socket.textMessageHandler(this::onEvent);
    socket.binaryMessageHandler(
        b ->
            error(
                "invalid_request_error",
                "binary_not_supported",
                "send audio as base64 in input_audio_buffer.append",
                null));
    socket.closeHandler(v -> close());
    socket.exceptionHandler(e -> close());
    send(RealtimeResponse.event("session.created").put("session", session.copy()));
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    onClosed.run();
    if (active != null) {
      active.cancel();
    }
  }

  private void onEvent(String text) {
    JsonObject event;
    try {
      event = new JsonObject(text);
    } catch (DecodeException e) {
      error(
          "invalid_request_error",
          "invalid_json",
          "event is not a JSON object: " + e.getMessage(),
          null);
      return;
    }
    String type = event.getString("type", "");
    String eventId = event.getString("event_id");
    switch (type) {
      case "session.update" -> updateSession(event.getJsonObject("session", new JsonObject()));
      case "input_audio_buffer.append" -> append(event.getString("audio", ""), eventId);
      case "input_audio_buffer.commit" -> commit(eventId);
      case "input_audio_buffer.clear" -> {
        manualBuffer.reset();
        vad.takeUtterance();
        send(RealtimeResponse.event("input_audio_buffer.cleared"));
      }
      case "conversation.item.create" -> createItem(event.getJsonObject("item"), eventId);
      case "conversation.item.truncate" -> truncate(event, eventId);
      case "response.create" -> respond();
      case "response.cancel" -> {
        if (active == null) {
          error(
              "invalid_request_error",
              "response_cancel_not_active",
              "there is no active response",
              eventId);
        } else {
          active.cancel();
        }
      }
      default ->
          error(
              "invalid_request_error",
              "unknown_event",
              "unsupported event type '" + type + "'",
              eventId);
    }
  }

  private void updateSession(JsonObject update) {
    for (String key : List.of("instructions", "tools", "voice", "tool_choice", "model")) {
      if (update.containsKey(key)) {
        session.put(key, update.getValue(key));
      }
    }
    JsonObject audioIn =
        update.getJsonObject("audio", new JsonObject()).getJsonObject("input", new JsonObject());
    Object turn =
        update.containsKey("turn_detection")
            ? update.getValue("turn_detection")
            : audioIn.containsKey("turn_detection")
                ? audioIn.getValue("turn_detection")
                : session.getValue("turn_detection");
    session.put("turn_detection", turn);
    JsonObject audioOut =
        update.getJsonObject("audio", new JsonObject()).getJsonObject("output", new JsonObject());
    String in =
        update.getString(
            "input_audio_format",
            audioIn.getJsonObject("format", new JsonObject()).getString("type"));
    String out =
        update.getString(
            "output_audio_format",
            audioOut.getJsonObject("format", new JsonObject()).getString("type"));
    try {
      if (in != null) {
        inputLaw = law(in);
        inputUpsampler = inputLaw == null ? null : new PcmResampler(8000, AUDIO_RATE);
        echoFormat("input", in);
      }
      if (out != null) {
        outputLaw = law(out);
        echoFormat("output", out);
      }
    } catch (IllegalArgumentException e) {
      error("invalid_request_error", "unsupported_audio_format", e.getMessage(), null);
    }
    applyVad();
    send(RealtimeResponse.event("session.updated").put("session", session.copy()));
  }

  /**
   * Shows the accepted format in the session: beta {@code <dir>_audio_format}, GA {@code
   * audio.<dir>.format}.
   */
  private void echoFormat(String direction, String format) {
    if (names.beta()) {
      session.put(direction + "_audio_format", format);
      return;
    }
    JsonObject audio = session.getJsonObject("audio");
    if (audio == null) {
      audio = new JsonObject();
      session.put("audio", audio);
    }
    audio.put(
        direction,
        new JsonObject()
            .put(
                "format",
                new JsonObject()
                    .put("type", format)
                    .put("rate", format.equals("audio/pcm") ? AUDIO_RATE : 8000)));
  }

  /** null for PCM16 24 kHz; the G.711 law for telephone audio. */
  private static G711Law law(String format) {
    return switch (format) {
      case "pcm16", "audio/pcm" -> null;
      case "g711_ulaw", "audio/pcmu" -> G711Law.ULAW;
      case "g711_alaw", "audio/pcma" -> G711Law.ALAW;
      default ->
          throw new IllegalArgumentException(
              "unsupported audio format '"
                  + format
                  + "' (pcm16/audio/pcm, g711_ulaw/audio/pcmu, g711_alaw/audio/pcma)");
    };
  }

  private void applyVad() {
    JsonObject turn = session.getJsonObject("turn_detection");
    if (turn == null) {
      vad = null;
      return;
    }
    // OpenAI's threshold is 0..1; 0.5 maps to an RMS of about -38 dBFS.
    double threshold = 800 * turn.getDouble("threshold", 0.5);
    vad =
        new ServerVad(
            AUDIO_RATE,
            threshold,
            turn.getInteger("silence_duration_ms", 500),
            turn.getInteger("prefix_padding_ms", 300));
  }

  private void append(String base64, String eventId) {
    byte[] pcm;
    try {
      pcm = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      error("invalid_request_error", "invalid_audio", "audio is not valid base64", eventId);
      return;
    }
    if (inputLaw != null) {
      pcm = inputUpsampler.process(inputLaw.decode(pcm));
    }
    if (vad == null) {
      if (manualBuffer.size() + pcm.length > MAX_MANUAL_BUFFER_BYTES) {
        manualBuffer.reset();
        error(
            "invalid_request_error",
            "input_audio_buffer_full",
            "more than " + ServerVad.MAX_TURN_MS / 1000 + " s of uncommitted audio: buffer cleared",
            eventId);
        return;
      }
      manualBuffer.writeBytes(pcm);
      return;
    }
    vad.accept(pcm, this::onVad);
  }

  private void onVad(ServerVad.Event change) {
    if (change == ServerVad.Event.STARTED) {
      speechItemId = RealtimeResponse.itemId();
      send(
          RealtimeResponse.event("input_audio_buffer.speech_started")
              .put("audio_start_ms", vad.startMs())
              .put("item_id", speechItemId));
      if (active != null
          && session.getJsonObject("turn_detection").getBoolean("interrupt_response", true)) {
        active.cancel();
      }
    } else if (change == ServerVad.Event.STOPPED) {
      send(
          RealtimeResponse.event("input_audio_buffer.speech_stopped")
              .put("audio_end_ms", vad.stopMs())
              .put("item_id", speechItemId));
      userTurn(
          speechItemId,
          vad.takeUtterance(),
          session.getJsonObject("turn_detection").getBoolean("create_response", true));
    }
  }

  private void commit(String eventId) {
    byte[] audio = vad == null ? manualBuffer.toByteArray() : vad.takeUtterance();
    manualBuffer.reset();
    if (audio.length < AUDIO_RATE / 10 * 2) {
      error(
          "invalid_request_error",
          "input_audio_buffer_commit_empty",
          "buffer holds less than 100 ms of audio",
          eventId);
      return;
    }
    userTurn(RealtimeResponse.itemId(), audio, false);
  }

  /** Commits an utterance as a user item, transcribes it off the event loop, then may reply. */
  private void userTurn(String itemId, byte[] audio24k, boolean thenRespond) {
    String previous = items.isEmpty() ? null : items.get(items.size() - 1).getString("id");
    JsonObject item =
        new JsonObject()
            .put("id", itemId)
            .put("object", "realtime.item")
            .put("type", "message")
            .put("role", "user")
            .put(
                "content",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("type", "input_audio")
                            .put("transcript", (String) null)));
    items.add(item);
    send(
        RealtimeResponse.event("input_audio_buffer.committed")
            .put("item_id", itemId)
            .put("previous_item_id", previous));
    send(
        RealtimeResponse.event(names.itemCreated())
            .put("previous_item_id", previous)
            .put("item", item.copy()));
    Future.fromCompletionStage(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return engine.transcribe(
                        new PcmResampler(AUDIO_RATE, VoskEngine.MODEL_RATE).process(audio24k));
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                },
                blocking),
            context)
        .onComplete(
            done -> {
              if (closed) {
                return;
              }
              if (done.failed()) {
                LOG.warn("transcription failed: {}", done.cause().toString());
                send(
                    RealtimeResponse.event("conversation.item.input_audio_transcription.failed")
                        .put("item_id", itemId)
                        .put("content_index", 0)
                        .put("error", new JsonObject().put("message", done.cause().getMessage())));
                return;
              }
              item.getJsonArray("content").getJsonObject(0).put("transcript", done.result());
              send(
                  RealtimeResponse.event("conversation.item.input_audio_transcription.completed")
                      .put("item_id", itemId)
                      .put("content_index", 0)
                      .put("transcript", done.result()));
              if (thenRespond) {
                respond();
              }
            });
  }

  private void createItem(JsonObject item, String eventId) {
    if (item == null || item.getString("type") == null) {
      error(
          "invalid_request_error",
          "invalid_item",
          "conversation.item.create needs an item with a type",
          eventId);
      return;
    }
    JsonObject stored = item.copy().put("object", "realtime.item");
    if (stored.getString("id") == null) {
      stored.put("id", RealtimeResponse.itemId());
    }
    String previous = items.isEmpty() ? null : items.get(items.size() - 1).getString("id");
    items.add(stored);
    send(
        RealtimeResponse.event(names.itemCreated())
            .put("previous_item_id", previous)
            .put("item", stored.copy()));
  }

  private void truncate(JsonObject event, String eventId) {
    String itemId = event.getString("item_id");
    JsonObject item =
        items.stream().filter(i -> i.getString("id").equals(itemId)).findFirst().orElse(null);
    Object endMs = event.getValue("audio_end_ms");
    if (item == null || !"assistant".equals(item.getString("role"))) {
      error(
          "invalid_request_error",
          "item_not_found",
          "no assistant message item '" + itemId + "'",
          eventId);
      return;
    }
    if (!(endMs instanceof Number ms) || ms.longValue() < 0) {
      error(
          "invalid_request_error",
          "invalid_audio_end_ms",
          "audio_end_ms must be a non-negative number",
          eventId);
      return;
    }
    // The caller heard only the first audio_end_ms: keep the words that fit (about 2.5 per second).
    JsonObject part = item.getJsonArray("content").getJsonObject(0);
    String[] words = part.getString("transcript", "").split(" ");
    int kept = (int) Math.min(words.length, Math.round(ms.longValue() / 400.0));
    part.put("transcript", String.join(" ", java.util.Arrays.copyOf(words, kept)).trim());
    send(
        RealtimeResponse.event("conversation.item.truncated")
            .put("item_id", itemId)
            .put("content_index", event.getInteger("content_index", 0))
            .put("audio_end_ms", ms.longValue()));
  }

  private void respond() {
    if (active != null) {
      error(
          "invalid_request_error",
          "conversation_already_has_active_response",
          "a response is in progress: cancel it first",
          null);
      return;
    }
    RuleAgent.Reply reply = agent.reply(chatMessages(), session.getJsonArray("tools"));
    active =
        new RealtimeResponse(
            context,
            names,
            synthesizer,
            outputLaw,
            reply,
            this::send,
            items::add,
            () -> active = null);
    active.start();
  }

  /** The conversation in chat-completions form, for the rule agent. */
  private JsonArray chatMessages() {
    JsonArray messages = new JsonArray();
    for (JsonObject item : items) {
      switch (item.getString("type", "")) {
        case "message" -> {
          StringBuilder text = new StringBuilder();
          for (Object p : item.getJsonArray("content", new JsonArray())) {
            JsonObject part = (JsonObject) p;
            String t = part.getString("text", part.getString("transcript"));
            if (t != null) {
              text.append(text.length() > 0 ? " " : "").append(t);
            }
          }
          messages.add(
              new JsonObject()
                  .put("role", item.getString("role", "user"))
                  .put("content", text.toString()));
        }
        case "function_call_output" ->
            messages.add(
                new JsonObject()
                    .put("role", "tool")
                    .put("tool_call_id", item.getString("call_id"))
                    .put("content", item.getString("output", "")));
        default -> {}
      }
    }
    return messages;
  }

  private void error(String type, String code, String message, String eventId) {
    LOG.debug("realtime {}: {}", code, message);
    registry.counter("oavc_aiservices_realtime_errors_total", "code", code).increment();
    send(
        RealtimeResponse.event("error")
            .put(
                "error",
                new JsonObject()
                    .put("type", type)
                    .put("code", code)
                    .put("message", message)
                    .put("event_id", eventId)));
  }

  private void send(JsonObject event) {
    if (!closed && !socket.isClosed()) {
      socket.writeTextMessage(event.encode());
    }
  }
}
