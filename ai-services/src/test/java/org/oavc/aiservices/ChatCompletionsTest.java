package org.oavc.aiservices;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /v1/chat/completions against the built-in rule-based agent script. */
class ChatCompletionsTest extends ServicesTestBase {
  private static final JsonArray TOOLS =
      new JsonArray()
          .add(function("hang_up", new JsonObject()))
          .add(
              function(
                  "transfer",
                  new JsonObject().put("target", new JsonObject().put("type", "string"))));

  private static JsonObject function(String name, JsonObject properties) {
    return new JsonObject()
        .put("type", "function")
        .put(
            "function",
            new JsonObject()
                .put("name", name)
                .put(
                    "parameters",
                    new JsonObject().put("type", "object").put("properties", properties)));
  }

  private static JsonObject request(String userText, JsonArray tools, boolean stream) {
    JsonArray messages =
        new JsonArray().add(new JsonObject().put("role", "system").put("content", "be brief"));
    if (userText != null) {
      messages.add(new JsonObject().put("role", "user").put("content", userText));
    }
    JsonObject request =
        new JsonObject().put("model", "local").put("messages", messages).put("stream", stream);
    if (tools != null) {
      request.put("tools", tools);
    }
    return request;
  }

  private static JsonObject complete(JsonObject request) throws Exception {
    HttpResponse<byte[]> response = Http.post("/v1/chat/completions", request.encode());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(Http.text(response));
    assertThat(body.getString("object")).isEqualTo("chat.completion");
    assertThat(body.getString("id")).startsWith("chatcmpl-");
    return body.getJsonArray("choices").getJsonObject(0);
  }

  @Test
  void greetsWhenTheCallerHasNotSpoken() throws Exception {
    JsonObject choice = complete(request(null, TOOLS, false));
    assertThat(choice.getJsonObject("message").getString("content")).startsWith("Hello");
    assertThat(choice.getString("finish_reason")).isEqualTo("stop");
  }

  @Test
  void goodbyeHangsUpThroughAToolCall() throws Exception {
    JsonObject choice = complete(request("ok goodbye then", TOOLS, false));
    JsonObject message = choice.getJsonObject("message");
    assertThat(message.getString("content")).containsIgnoringCase("goodbye");
    JsonObject call = message.getJsonArray("tool_calls").getJsonObject(0);
    assertThat(call.getString("type")).isEqualTo("function");
    assertThat(call.getString("id")).startsWith("call_");
    assertThat(call.getJsonObject("function").getString("name")).isEqualTo("hang_up");
    assertThat(new JsonObject(call.getJsonObject("function").getString("arguments")))
        .isEqualTo(new JsonObject());
    assertThat(choice.getString("finish_reason")).isEqualTo("tool_calls");
  }

  @Test
  void operatorTransfersWithATarget() throws Exception {
    JsonObject choice = complete(request("I want an Operator please", TOOLS, false));
    JsonObject function =
        choice
            .getJsonObject("message")
            .getJsonArray("tool_calls")
            .getJsonObject(0)
            .getJsonObject("function");
    assertThat(function.getString("name")).isEqualTo("transfer");
    assertThat(new JsonObject(function.getString("arguments")).getString("target"))
        .isEqualTo("operator");
  }

  @Test
  void noToolCallWhenTheRequestOffersNoSuchTool() throws Exception {
    JsonObject choice = complete(request("goodbye", null, false));
    assertThat(choice.getJsonObject("message").containsKey("tool_calls")).isFalse();
    assertThat(choice.getJsonObject("message").getString("content"))
        .containsIgnoringCase("goodbye");
    assertThat(choice.getString("finish_reason")).isEqualTo("stop");
  }

  @Test
  void otherwiseSaysWhatItHeard() throws Exception {
    JsonObject choice = complete(request("banana bread", TOOLS, false));
    assertThat(choice.getJsonObject("message").getString("content"))
        .isEqualTo("You said: banana bread.");
  }

  @Test
  void keywordsMatchWholeWordsOnly() throws Exception {
    // "sometimes" holds "time" but is not the word "time".
    JsonObject choice = complete(request("sometimes", TOOLS, false));
    assertThat(choice.getJsonObject("message").getString("content"))
        .isEqualTo("You said: sometimes.");
    assertThat(
            complete(request("what time is it", TOOLS, false))
                .getJsonObject("message")
                .getString("content"))
        .matches("It is \\d{1,2}:\\d{2} [AP]M\\.");
  }

  @Test
  void toolResultIsAcknowledgedWithoutAnotherCall() throws Exception {
    JsonObject request = request("goodbye", TOOLS, false);
    request
        .getJsonArray("messages")
        .add(new JsonObject().put("role", "assistant").put("content", "Goodbye."))
        .add(
            new JsonObject()
                .put("role", "tool")
                .put("tool_call_id", "call_1")
                .put("content", "ok"));
    JsonObject choice = complete(request);
    assertThat(choice.getJsonObject("message").containsKey("tool_calls")).isFalse();
    assertThat(choice.getString("finish_reason")).isEqualTo("stop");
  }

  @Test
  void streamedRepliesAreSseChunksEndedByDone() throws Exception {
    HttpResponse<byte[]> response =
        Http.post("/v1/chat/completions", request("goodbye", TOOLS, true).encode());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    String body = Http.text(response);
    assertThat(body).endsWith("data: [DONE]\n\n");
    List<JsonObject> chunks = new ArrayList<>();
    for (String event : body.split("\n\n")) {
      assertThat(event).startsWith("data: ");
      String data = event.substring("data: ".length());
      if (!data.equals("[DONE]")) {
        chunks.add(new JsonObject(data));
      }
    }
    StringBuilder content = new StringBuilder();
    StringBuilder arguments = new StringBuilder();
    String toolName = null;
    String finish = null;
    for (JsonObject chunk : chunks) {
      assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk");
      JsonObject choice = chunk.getJsonArray("choices").getJsonObject(0);
      JsonObject delta = choice.getJsonObject("delta");
      content.append(delta.getString("content", ""));
      if (delta.containsKey("tool_calls")) {
        JsonObject function =
            delta.getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function");
        toolName = function.getString("name", toolName);
        arguments.append(function.getString("arguments", ""));
      }
      finish = choice.getString("finish_reason", finish);
    }
    assertThat(
            chunks
                .get(0)
                .getJsonArray("choices")
                .getJsonObject(0)
                .getJsonObject("delta")
                .getString("role"))
        .isEqualTo("assistant");
    assertThat(chunks).hasSizeGreaterThan(4);
    assertThat(content.toString()).isEqualTo("Goodbye, thank you for calling.");
    assertThat(toolName).isEqualTo("hang_up");
    assertThat(new JsonObject(arguments.toString())).isEqualTo(new JsonObject());
    assertThat(finish).isEqualTo("tool_calls");
  }

  @Test
  void badRequestsGetOpenAiStyleErrors() throws Exception {
    SpeechServiceTest.assertBadRequest(Http.post("/v1/chat/completions", "[1, 2"), null);
    SpeechServiceTest.assertBadRequest(
        Http.post("/v1/chat/completions", "{\"model\": \"x\"}"), "messages");
    SpeechServiceTest.assertBadRequest(
        Http.post("/v1/chat/completions", "{\"messages\": [{\"content\": 1}]}"), "messages");
    SpeechServiceTest.assertBadRequest(
        Http.post(
            "/v1/chat/completions", request("hi", null, false).put("tools", "hang_up").encode()),
        "tools");
  }
}
