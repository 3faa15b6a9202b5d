package org.oavc.connector.ai.pipeline.impl;

import io.vertx.core.Context;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * One streamed chat completion ({@code "stream": true}, server-sent events): content pieces are
 * handed over as they arrive; tool calls, whose id, name and arguments come in pieces keyed by
 * index, are assembled and handed over at the end. A server that ignores stream and answers with
 * one JSON completion is understood too.
 */
final class ChatStream extends StreamingPost {

  /** Called on the call's context. */
  interface Listener {
    void onContent(String piece);

    void onDone(List<ToolCall> toolCalls);

    void onError(Throwable cause);
  }

  private final Listener listener;

  ChatStream(Context context, Listener listener) {
    super(context);
    this.listener = listener;
  }

  @Override
  void read(Response response, BufferedSource body) throws IOException {
    String type = response.header("Content-Type", "");
    if (type.startsWith("application/json")) {
      readWhole(body.readUtf8());
      return;
    }
    Map<Integer, ToolCallParts> tools = new TreeMap<>();
    String line;
    while (!cancelled() && (line = body.readUtf8Line()) != null) {
      if (!line.startsWith("data:")) {
        continue; // blank separators, comments, event/id fields
      }
      String data = line.substring(5).trim();
      if (data.equals("[DONE]")) {
        break;
      }
      JsonObject chunk = parse(data);
      JsonArray choices = chunk.getJsonArray("choices");
      JsonObject delta =
          choices == null || choices.isEmpty()
              ? null
              : choices.getJsonObject(0).getJsonObject("delta");
      if (delta == null) {
        continue;
      }
      String content = delta.getString("content");
      if (content != null && !content.isEmpty()) {
        deliver(() -> listener.onContent(content));
      }
      JsonArray calls = delta.getJsonArray("tool_calls");
      if (calls != null) {
        for (int i = 0; i < calls.size(); i++) {
          JsonObject part = calls.getJsonObject(i);
          tools.computeIfAbsent(part.getInteger("index", i), k -> new ToolCallParts()).add(part);
        }
      }
    }
    List<ToolCall> done = new ArrayList<>();
    tools.values().forEach(t -> done.add(t.toToolCall()));
    deliver(() -> listener.onDone(done));
  }

  private void readWhole(String text) throws IOException {
    JsonObject message =
        parse(text)
            .getJsonArray("choices", new JsonArray())
            .getJsonObject(0)
            .getJsonObject("message", new JsonObject());
    String content = message.getString("content");
    if (content != null && !content.isEmpty()) {
      deliver(() -> listener.onContent(content));
    }
    List<ToolCall> done = new ArrayList<>();
    for (Object o : message.getJsonArray("tool_calls", new JsonArray())) {
      ToolCallParts parts = new ToolCallParts();
      parts.add((JsonObject) o);
      done.add(parts.toToolCall());
    }
    deliver(() -> listener.onDone(done));
  }

  private static JsonObject parse(String data) throws IOException {
    try {
      return new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      throw new IOException(
          "chat completion sent malformed JSON: "
              + (data.length() > 200 ? data.substring(0, 200) + "..." : data),
          e);
    }
  }

  @Override
  void failed(Throwable cause) {
    listener.onError(cause);
  }

  /** One tool call's pieces as they stream in. */
  private static final class ToolCallParts {
    private String id;
    private final StringBuilder name = new StringBuilder();
    private final StringBuilder arguments = new StringBuilder();

    void add(JsonObject part) {
      if (part.getString("id") != null) {
        id = part.getString("id");
      }
      JsonObject function = part.getJsonObject("function");
      if (function != null) {
        // Names normally come whole in the first piece; appending also copes with split names.
        if (function.getString("name") != null) {
          name.append(function.getString("name"));
        }
        if (function.getString("arguments") != null) {
          arguments.append(function.getString("arguments"));
        }
      }
    }

    ToolCall toToolCall() {
      String callId =
          id != null ? id : "call_" + Integer.toHexString(System.identityHashCode(this));
      return new ToolCall(
          callId, name.toString(), arguments.length() == 0 ? "{}" : arguments.toString());
    }
  }
}
