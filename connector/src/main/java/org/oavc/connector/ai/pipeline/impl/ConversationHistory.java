package org.oavc.connector.ai.pipeline.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One call's chat history in the chat-completions message format: the system instructions, then
 * user, assistant (with tool_calls) and tool messages. Assistant messages stay editable so a
 * barge-in can cut them down to the words the caller actually heard.
 */
final class ConversationHistory {
  private String instructions;
  private final List<JsonObject> messages = new ArrayList<>();

  void instructions(String text) {
    instructions = text;
  }

  /** A copy of the whole conversation for one chat request, system message first. */
  JsonArray messages() {
    JsonArray out = new JsonArray();
    if (instructions != null && !instructions.isBlank()) {
      out.add(new JsonObject().put("role", "system").put("content", instructions));
    }
    messages.forEach(m -> out.add(m.copy()));
    return out;
  }

  void addUser(String text) {
    messages.add(new JsonObject().put("role", "user").put("content", text));
  }

  /** Appends an assistant message and returns it (to trim later). */
  JsonObject addAssistant(String content, List<ToolCall> toolCalls) {
    JsonObject m = new JsonObject().put("role", "assistant").put("content", content);
    if (!toolCalls.isEmpty()) {
      JsonArray calls = new JsonArray();
      toolCalls.forEach(c -> calls.add(c.toMessagePart()));
      m.put("tool_calls", calls);
    }
    messages.add(m);
    return m;
  }

  void addToolResult(String toolCallId, JsonObject result) {
    messages.add(
        new JsonObject()
            .put("role", "tool")
            .put("tool_call_id", toolCallId)
            .put("content", result == null ? "{}" : result.encode()));
  }

  /**
   * Makes an assistant message say only {@code spoken}. A message not in the history yet (its reply
   * was still streaming) is added when something was heard. Tool calls that never ran are dropped:
   * a call without its tool answer would make the next request invalid.
   */
  void trimAssistant(JsonObject message, String spoken, boolean toolsRan) {
    if (message == null) {
      if (!spoken.isEmpty()) {
        messages.add(new JsonObject().put("role", "assistant").put("content", spoken));
      }
      return;
    }
    message.put("content", spoken);
    if (!toolsRan) {
      message.remove("tool_calls");
    }
    if (spoken.isEmpty() && !message.containsKey("tool_calls")) {
      messages.removeIf(m -> m == message);
    }
  }
}
