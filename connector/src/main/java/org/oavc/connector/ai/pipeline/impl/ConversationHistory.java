package org.oavc.connector.ai.pipeline.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One call's chat history in the chat-completions message format: the system instructions, then
 * user, assistant (with tool_calls) and tool messages. Assistant messages stay editable so a
 * barge-in can cut them down to the words the caller actually heard. Bounded in characters: each
 * new user turn drops whole exchanges (a user message and all that answered it) from the oldest
 * end, so a tool result never loses its tool call and a long call cannot outgrow memory or the
 * model's context.
 */
final class ConversationHistory {
  private final int maxChars;
  private String instructions;
  private final List<JsonObject> messages = new ArrayList<>();

  /** {@code maxChars}: AI_CHAT_HISTORY_MAX_CHARS. */
  ConversationHistory(int maxChars) {
    this.maxChars = maxChars;
  }

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
    dropOldExchanges();
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

  /** Characters the messages after the system one hold now (content and tool calls). */
  int size() {
    int total = 0;
    for (JsonObject m : messages) {
      total += charsOf(m);
    }
    return total;
  }

  /**
   * While over the bound, drops the oldest exchange: everything before the second user message (the
   * greeting, said before any user message, goes with the first exchange). The exchange just begun
   * always stays, however long.
   */
  private void dropOldExchanges() {
    int total = size();
    while (total > maxChars) {
      int next = secondUserMessage();
      if (next < 0) {
        return;
      }
      for (int i = 0; i < next; i++) {
        total -= charsOf(messages.get(0));
        messages.remove(0);
      }
    }
  }

  /** Index of the second user message (where the second-oldest exchange begins), or -1. */
  private int secondUserMessage() {
    int first = 0;
    while (first < messages.size() && !"user".equals(messages.get(first).getString("role"))) {
      first++;
    }
    for (int i = first + 1; i < messages.size(); i++) {
      if ("user".equals(messages.get(i).getString("role"))) {
        return i;
      }
    }
    return -1;
  }

  private static int charsOf(JsonObject m) {
    String content = m.getString("content");
    JsonArray calls = m.getJsonArray("tool_calls");
    return (content == null ? 0 : content.length()) + (calls == null ? 0 : calls.encode().length());
  }
}
