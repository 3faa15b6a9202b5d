package org.oavc.connector.ai.realtime.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.Speaker;
import org.oavc.connector.ai.tools.ToolSpec;

/**
 * The client events we send, in the GA shape ({@code session.type}, {@code audio.input.format}
 * objects, {@code output_text} parts) or the beta shape ({@code input_audio_format} names, {@code
 * modalities}, {@code text} parts).
 */
final class ClientEvents {
  private final boolean beta;

  ClientEvents(boolean beta) {
    this.beta = beta;
  }

  JsonObject sessionUpdate(AudioFormat format, AgentProfile profile, String transcriptionModel) {
    JsonObject session = new JsonObject();
    JsonObject turnDetection = new JsonObject().put("type", "server_vad");
    JsonObject transcription = null;
    if (transcriptionModel != null && !transcriptionModel.isBlank()) {
      transcription = new JsonObject().put("model", transcriptionModel);
      if (profile.language() != null && !profile.language().isBlank()) {
        transcription.put("language", profile.language());
      }
    }
    String voice = profile.voice() == null || profile.voice().isBlank() ? null : profile.voice();
    if (beta) {
      session
          .put("modalities", new JsonArray().add("audio").add("text"))
          .put("input_audio_format", format.betaName())
          .put("output_audio_format", format.betaName())
          .put("turn_detection", turnDetection);
      if (transcription != null) {
        session.put("input_audio_transcription", transcription);
      }
      if (voice != null) {
        session.put("voice", voice);
      }
    } else {
      JsonObject input =
          new JsonObject().put("format", format.gaFormat()).put("turn_detection", turnDetection);
      if (transcription != null) {
        input.put("transcription", transcription);
      }
      JsonObject output = new JsonObject().put("format", format.gaFormat());
      if (voice != null) {
        output.put("voice", voice);
      }
      session
          .put("type", "realtime")
          .put("output_modalities", new JsonArray().add("audio"))
          .put("audio", new JsonObject().put("input", input).put("output", output));
    }
    if (profile.instructions() != null) {
      session.put("instructions", profile.instructions());
    }
    JsonArray tools = new JsonArray();
    if (profile.tools() != null) {
      for (ToolSpec tool : profile.tools()) {
        tools.add(
            new JsonObject()
                .put("type", "function")
                .put("name", tool.name())
                .put("description", tool.description() == null ? "" : tool.description())
                .put(
                    "parameters",
                    tool.parameters() == null
                        ? new JsonObject().put("type", "object").put("properties", new JsonObject())
                        : tool.parameters()));
      }
    }
    if (!tools.isEmpty()) {
      session.put("tools", tools).put("tool_choice", "auto");
    }
    return event("session.update").put("session", session);
  }

  JsonObject append(byte[] audio) {
    return event("input_audio_buffer.append")
        .put("audio", Base64.getEncoder().encodeToString(audio));
  }

  JsonObject responseCreate() {
    return event("response.create");
  }

  /** A response that says {@code text} (the greeting) before anything else happens. */
  JsonObject responseSaying(String text) {
    return event("response.create")
        .put(
            "response",
            new JsonObject()
                .put(
                    "instructions",
                    "Greet the caller by saying exactly this, nothing more: " + text));
  }

  JsonObject responseCancel() {
    return event("response.cancel");
  }

  JsonObject truncate(String itemId, long audioEndMillis) {
    return event("conversation.item.truncate")
        .put("item_id", itemId)
        .put("content_index", 0)
        .put("audio_end_ms", audioEndMillis);
  }

  JsonObject functionCallOutput(String callId, String output) {
    return event("conversation.item.create")
        .put(
            "item",
            new JsonObject()
                .put("type", "function_call_output")
                .put("call_id", callId)
                .put("output", output));
  }

  /** A text message item: the caller's words or, when restoring, an agent turn already said. */
  JsonObject message(Speaker speaker, String text) {
    boolean caller = speaker == Speaker.CALLER;
    String partType = caller ? "input_text" : beta ? "text" : "output_text";
    return event("conversation.item.create")
        .put(
            "item",
            new JsonObject()
                .put("type", "message")
                .put("role", caller ? "user" : "assistant")
                .put(
                    "content",
                    new JsonArray().add(new JsonObject().put("type", partType).put("text", text))));
  }

  private static JsonObject event(String type) {
    return new JsonObject().put("type", type);
  }
}
