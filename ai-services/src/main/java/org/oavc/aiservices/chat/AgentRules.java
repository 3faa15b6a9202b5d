package org.oavc.aiservices.chat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule-based agent's script, read from a JSON file: a greeting, ordered keyword rules (reply
 * text, optional tool call), a fallback that repeats what was heard ({heard}), and the text said
 * after a tool result. {time} in a reply is the local time of day.
 */
public record AgentRules(String greeting, String fallback, String afterTool, List<Rule> rules) {
  static final String DEFAULT_RESOURCE = "/org/oavc/aiservices/agent.json";

  /** One rule: any keyword (whole words, case-insensitive) triggers the reply and tool. */
  public record Rule(
      List<Pattern> keywords, String reply, String toolName, JsonObject toolArguments) {}

  /** The built-in script, or {@code file} when given. */
  public static AgentRules load(Path file) throws IOException {
    if (file != null) {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }
    try (InputStream in = AgentRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IOException("built-in agent script " + DEFAULT_RESOURCE + " missing");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
    }
  }

  static AgentRules parse(String json, String origin) throws IOException {
    try {
      JsonObject root = new JsonObject(json);
      List<Rule> rules = new ArrayList<>();
      JsonArray array = root.getJsonArray("rules", new JsonArray());
      for (int i = 0; i < array.size(); i++) {
        JsonObject r = array.getJsonObject(i);
        List<Pattern> keywords = new ArrayList<>();
        for (Object k : r.getJsonArray("keywords", new JsonArray())) {
          keywords.add(
              Pattern.compile(
                  "\\b" + Pattern.quote(k.toString().toLowerCase(Locale.ROOT)) + "\\b"));
        }
        if (keywords.isEmpty() || r.getString("reply") == null) {
          throw new IOException(origin + ": rule " + i + " needs keywords and a reply");
        }
        JsonObject tool = r.getJsonObject("tool");
        rules.add(
            new Rule(
                keywords,
                r.getString("reply"),
                tool == null ? null : tool.getString("name"),
                tool == null
                    ? new JsonObject()
                    : tool.getJsonObject("arguments", new JsonObject())));
      }
      return new AgentRules(
          root.getString("greeting", "Hello, how can I help you?"),
          root.getString("fallback", "You said: {heard}."),
          root.getString("after_tool", ""),
          rules);
    } catch (DecodeException | ClassCastException e) {
      throw new IOException(origin + ": not a valid agent script: " + e.getMessage(), e);
    }
  }
}
