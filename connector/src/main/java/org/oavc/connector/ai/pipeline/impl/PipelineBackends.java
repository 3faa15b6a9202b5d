package org.oavc.connector.ai.pipeline.impl;

import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.oavc.connector.ai.pipeline.PipelineOptions;
import org.oavc.connector.ai.tools.ToolSpec;

/** The chat and speech HTTP requests of the pipeline, over the factory's shared OkHttp client. */
final class PipelineBackends {
  private final okhttp3.OkHttpClient http;
  private final PipelineOptions config;

  PipelineBackends(okhttp3.OkHttpClient http, PipelineOptions config) {
    this.http = http;
    this.config = config;
  }

  PipelineOptions config() {
    return config;
  }

  /** Starts a streamed chat completion over {@code messages} offering {@code tools}. */
  ChatStream chat(
      Context context, JsonArray messages, JsonArray tools, ChatStream.Listener listener) {
    JsonObject body =
        new JsonObject()
            .put("model", config.chatModel())
            .put("stream", true)
            .put("messages", messages);
    if (!tools.isEmpty()) {
      body.put("tools", tools);
    }
    ChatStream stream = new ChatStream(context, listener);
    stream.send(http, config.chatUrl(), config.chatApiKey(), body);
    return stream;
  }

  /** Starts the speech of one sentence, decoded to {@code sampleRate}. */
  SpeechStream speak(
      Context context, String text, String voice, int sampleRate, SpeechStream.Listener listener) {
    JsonObject body =
        new JsonObject()
            .put("model", config.ttsModel())
            .put("input", text)
            .put("response_format", config.ttsFormat());
    if (voice != null && !voice.isBlank()) {
      body.put("voice", voice); // else the service's own default
    }
    SpeechStream stream =
        new SpeechStream(context, config.ttsFormat().equals("wav"), sampleRate, listener);
    stream.send(http, config.ttsUrl(), config.ttsApiKey(), body);
    return stream;
  }

  /** The profile's tools as OpenAI function tools. */
  static JsonArray functionTools(List<ToolSpec> tools) {
    JsonArray out = new JsonArray();
    if (tools == null) {
      return out;
    }
    for (ToolSpec t : tools) {
      JsonObject function = new JsonObject().put("name", t.name());
      if (t.description() != null) {
        function.put("description", t.description());
      }
      function.put(
          "parameters",
          t.parameters() != null
              ? t.parameters()
              : new JsonObject().put("type", "object").put("properties", new JsonObject()));
      out.add(new JsonObject().put("type", "function").put("function", function));
    }
    return out;
  }
}
