package org.oavc.aiservices.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides the next assistant turn of a chat-completions conversation from {@link AgentRules}: the
 * greeting when the caller has not spoken yet, the first matching keyword rule for the last user
 * message, else the fallback. A rule's tool call is made only when the request offered a function
 * of that name in {@code tools}; otherwise only its text is said.
 */
public final class RuleAgent {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

  private final AgentRules rules;
  private final Supplier<LocalTime> clock;

  /** The assistant's turn: text to say, and an optional function call. */
  public record Reply(String content, String toolName, JsonObject toolArguments) {
    public boolean hasToolCall() {
      return toolName != null;
    }
  }

  public RuleAgent(AgentRules rules, Supplier<LocalTime> clock) {
    this.rules = rules;
    this.clock = clock;
  }

  public Reply reply(JsonArray messages, JsonArray tools) {
    JsonObject last = null;
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonObject m = messages.getJsonObject(i);
      String role = m.getString("role", "");
      if (role.equals("user") || role.equals("tool")) {
        last = m;
        break;
      }
    }
    if (last == null) {
      return new Reply(fill(rules.greeting(), ""), null, null);
    }
    if (last.getString("role").equals("tool")) {
      return new Reply(rules.afterTool(), null, null);
    }
    String heard = text(last.getValue("content")).trim();
    String lower = heard.toLowerCase(Locale.ROOT);
    Set<String> offered = offeredFunctions(tools);
    for (AgentRules.Rule rule : rules.rules()) {
      if (rule.keywords().stream().anyMatch(k -> k.matcher(lower).find())) {
        boolean call = rule.toolName() != null && offered.contains(rule.toolName());
        return new Reply(
            fill(rule.reply(), heard),
            call ? rule.toolName() : null,
            call ? rule.toolArguments().copy() : null);
      }
    }
    return new Reply(fill(rules.fallback(), heard), null, null);
  }

  private String fill(String template, String heard) {
    return template
        .replace("{heard}", heard.isEmpty() ? "nothing" : heard)
        .replace("{time}", TIME.format(clock.get()));
  }

  /** Content is a string or an array of parts; only text parts count. */
  static String text(Object content) {
    if (content instanceof String s) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    if (content instanceof JsonArray parts) {
      for (Object p : parts) {
        if (p instanceof JsonObject part && "text".equals(part.getString("type"))) {
          out.append(out.length() > 0 ? " " : "").append(part.getString("text", ""));
        }
      }
    }
    return out.toString();
  }

  private static Set<String> offeredFunctions(JsonArray tools) {
    Set<String> names = new HashSet<>();
    if (tools != null) {
      for (Object t : tools) {
        if (t instanceof JsonObject tool) {
          JsonObject function = tool.getJsonObject("function");
          String name = function != null ? function.getString("name") : tool.getString("name");
          if (name != null) {
            names.add(name);
          }
        }
      }
    }
    return names;
  }
}
