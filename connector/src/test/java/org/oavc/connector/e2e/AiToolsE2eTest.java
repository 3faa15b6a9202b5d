package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.ai.realtime.ScriptedRealtimeServer;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.WireRecord;

/**
 * The agent's tools on whole calls: SIPp places the call through OpenSIPS (double or real), the
 * daemon runs the realtime flavor against a scripted model speaking the Realtime protocol on
 * loopback, and the model calls tools as a real one would.
 */
class AiToolsE2eTest extends SippE2eTestBase {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Vertx vertx;
  private ScriptedRealtimeServer model;

  @BeforeEach
  void startModel() throws Exception {
    vertx = Vertx.vertx();
    model = new ScriptedRealtimeServer(vertx);
  }

  @AfterEach
  void stopModel() throws Exception {
    model.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aTransferToAPremiumNumberIsRefusedAndNoReferLeaves() throws Exception {
    startWithModel("TRANSFER_DEFAULT_URI", "sip:operator@127.0.0.1:5999");
    Future<SippResult> sipp = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    await().atMost(WAIT).until(() -> !model.received("session.update").isEmpty());

    model.send(functionCall("call_1", "transfer", new JsonObject().put("target", "+19005550199")));

    JsonObject output = awaitToolOutput("call_1");
    assertThat(output.getString("error")).contains("not allowed");
    assertThat(
            connector.counter("oavc_ai_tool_calls_refused_total", "reason", "target_not_allowed"))
        .isEqualTo(1.0);
    assertThat(connector.http("DELETE", "/calls/" + live.key()).statusCode()).isEqualTo(202);
    SippResult r = SippCalls.await(sipp);
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    assertThat(SippCalls.messages(r)).doesNotContain("REFER sip:");
    if (target.isDouble()) {
      assertThat(target.requireDouble().miRequests())
          .extracting(WireRecord::text)
          .noneMatch(t -> t.contains("ua_session_update") && t.contains("REFER"));
    }
    connector.awaitNoPortInUse();
  }

  @Test
  void aToolDeclaredByTheBotConfigIsOfferedAndItsUrlAnswersTheModel() throws Exception {
    List<JsonObject> posted = new CopyOnWriteArrayList<>();
    HttpServer toolServer = jsonServer(posted, new JsonObject().put("in_stock", 3));
    JsonObject declared =
        new JsonObject()
            .put("name", "stock")
            .put("description", "How many wheels of a cheese are in stock")
            .put(
                "parameters",
                new JsonObject()
                    .put("type", "object")
                    .put(
                        "properties",
                        new JsonObject().put("cheese", new JsonObject().put("type", "string"))))
            .put("url", "http://127.0.0.1:" + toolServer.actualPort() + "/stock");
    HttpServer botConfig =
        jsonServer(
            new CopyOnWriteArrayList<>(),
            new JsonObject().put("flavor", "realtime").put("tools", new JsonArray().add(declared)));
    startWithModel("AI_BOT_CONFIG_URL", "http://127.0.0.1:" + botConfig.actualPort() + "/bot");
    Future<SippResult> sipp = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    JsonObject session =
        await()
            .atMost(WAIT)
            .until(() -> model.received("session.update"), l -> !l.isEmpty())
            .get(0)
            .getJsonObject("session");
    assertThat(session.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name")))
        .contains("stock", "transfer");

    model.send(functionCall("call_7", "stock", new JsonObject().put("cheese", "brie")));

    assertThat(awaitToolOutput("call_7")).isEqualTo(new JsonObject().put("in_stock", 3));
    assertThat(posted)
        .singleElement()
        .isEqualTo(new JsonObject().put("cheese", "brie").put("_path", "/stock"));
    assertThat(connector.counter("oavc_ai_tool_calls_refused_total", "reason", "not_offered"))
        .isZero();
    assertThat(connector.http("DELETE", "/calls/" + live.key()).statusCode()).isEqualTo(202);
    assertThat(SippCalls.await(sipp).allCallsSucceeded()).isTrue();
    connector.awaitNoPortInUse();
  }

  /** The daemon on the realtime flavor, its back end the scripted model, plus one setting. */
  private void startWithModel(String key, String value) throws Exception {
    startConnector(Map.of("AI_FLAVOR", "realtime", "REALTIME_URL", model.url(), key, value));
  }

  /** A JSON HTTP server on loopback: records each request's body (with its path), answers. */
  private HttpServer jsonServer(List<JsonObject> requests, JsonObject answer) throws Exception {
    return vertx
        .createHttpServer()
        .requestHandler(
            req ->
                req.body()
                    .onSuccess(
                        body -> {
                          JsonObject got =
                              body.length() == 0 ? new JsonObject() : body.toJsonObject();
                          requests.add(got.put("_path", req.path()));
                          req.response()
                              .putHeader("content-type", "application/json")
                              .end(answer.encode());
                        }))
        .listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
  }

  /** The model's side of a tool call, as a Realtime server announces it. */
  private static JsonObject functionCall(String callId, String name, JsonObject arguments) {
    return new JsonObject()
        .put("type", "response.function_call_arguments.done")
        .put("call_id", callId)
        .put("name", name)
        .put("arguments", arguments.encode());
  }

  /** The output the connector sent back for tool call {@code callId}, parsed. */
  private JsonObject awaitToolOutput(String callId) {
    List<JsonObject> outputs =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    model.received(
                        e -> {
                          JsonObject item = e.getJsonObject("item");
                          return "conversation.item.create".equals(e.getString("type"))
                              && item != null
                              && "function_call_output".equals(item.getString("type"))
                              && callId.equals(item.getString("call_id"));
                        }),
                l -> !l.isEmpty());
    return new JsonObject(outputs.get(0).getJsonObject("item").getString("output"));
  }
}
