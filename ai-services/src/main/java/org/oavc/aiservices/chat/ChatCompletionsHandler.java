package org.oavc.aiservices.chat;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.oavc.aiservices.impl.OpenAiErrors;

/**
 * {@code POST /v1/chat/completions} in the OpenAI format, answered by the {@link RuleAgent}: one
 * JSON completion, or with {@code "stream": true} server-sent-event chunks (role, content word by
 * word, tool call, finish reason) ended by {@code data: [DONE]}.
 */
public final class ChatCompletionsHandler implements Handler<RoutingContext> {
  private final RuleAgent agent;

  public ChatCompletionsHandler(RuleAgent agent) {
    this.agent = agent;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject request = OpenAiErrors.jsonBody(ctx);
    if (request == null) {
      return;
    }
    Object messages = request.getValue("messages");
    if (!(messages instanceof JsonArray list)
        || list.isEmpty()
        || !list.stream()
            .allMatch(m -> m instanceof JsonObject o && o.getValue("role") instanceof String)) {
      OpenAiErrors.badRequest(
          ctx, "messages", "messages must be a non-empty array of objects with a role");
      return;
    }
    Object tools = request.getValue("tools");
    if (tools != null && !(tools instanceof JsonArray)) {
      OpenAiErrors.badRequest(ctx, "tools", "tools must be an array");
      return;
    }
    RuleAgent.Reply reply = agent.reply(list, (JsonArray) tools);
    String model = request.getString("model", "oavc-rule-agent");
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    String callId = "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    long created = System.currentTimeMillis() / 1000;
    if (request.getBoolean("stream", false)) {
      stream(ctx.response(), reply, id, callId, model, created);
    } else {
      JsonObject message =
          new JsonObject().put("role", "assistant").put("content", reply.content());
      if (reply.hasToolCall()) {
        message.put("tool_calls", new JsonArray().add(toolCall(reply, callId)));
      }
      JsonObject body =
          envelope(id, "chat.completion", model, created)
              .put(
                  "choices",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("index", 0)
                              .put("message", message)
                              .put("finish_reason", finishReason(reply))))
              .put(
                  "usage",
                  new JsonObject()
                      .put("prompt_tokens", 0)
                      .put("completion_tokens", 0)
                      .put("total_tokens", 0));
      ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }
  }

  private static void stream(
      HttpServerResponse response,
      RuleAgent.Reply reply,
      String id,
      String callId,
      String model,
      long created) {
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache");
    JsonObject base = envelope(id, "chat.completion.chunk", model, created);
    sendChunk(response, base, new JsonObject().put("role", "assistant").put("content", ""), null);
    String[] words = reply.content().split("(?<= )");
    for (String word : words) {
      if (!word.isEmpty()) {
        sendChunk(response, base, new JsonObject().put("content", word), null);
      }
    }
    if (reply.hasToolCall()) {
      JsonObject start = toolCall(reply, callId).put("index", 0);
      start.getJsonObject("function").put("arguments", "");
      sendChunk(
          response, base, new JsonObject().put("tool_calls", new JsonArray().add(start)), null);
      JsonObject args =
          new JsonObject()
              .put("index", 0)
              .put("function", new JsonObject().put("arguments", reply.toolArguments().encode()));
      sendChunk(
          response, base, new JsonObject().put("tool_calls", new JsonArray().add(args)), null);
    }
    sendChunk(response, base, new JsonObject(), finishReason(reply));
    response.end("data: [DONE]\n\n");
  }

  private static void sendChunk(
      HttpServerResponse response, JsonObject base, JsonObject delta, String finish) {
    JsonObject choice =
        new JsonObject().put("index", 0).put("delta", delta).put("finish_reason", finish);
    response.write(
        "data: " + base.copy().put("choices", new JsonArray().add(choice)).encode() + "\n\n");
  }

  private static JsonObject envelope(String id, String object, String model, long created) {
    return new JsonObject()
        .put("id", id)
        .put("object", object)
        .put("created", created)
        .put("model", model);
  }

  private static JsonObject toolCall(RuleAgent.Reply reply, String callId) {
    return new JsonObject()
        .put("id", callId)
        .put("type", "function")
        .put(
            "function",
            new JsonObject()
                .put("name", reply.toolName())
                .put("arguments", reply.toolArguments().encode()));
  }

  private static String finishReason(RuleAgent.Reply reply) {
    return reply.hasToolCall() ? "tool_calls" : "stop";
  }
}
