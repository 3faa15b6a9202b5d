package org.oavc.connector.ai.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.common.settings.ConfigException;
import org.oavc.connector.MeterTotals;
import org.slf4j.LoggerFactory;

/** Built-in tools against a recording call, HTTP tools against a real tool server on loopback. */
class ToolBoxTest {
  private Vertx vertx;
  private HttpServer toolServer;
  private final List<JsonObject> posted = new CopyOnWriteArrayList<>();
  private ToolBox box;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /** Records what the built-ins asked of the call. */
  private static final class RecordingCall implements CallActions {
    final List<String> actions = new CopyOnWriteArrayList<>();
    boolean dtmfNegotiated = true;
    boolean transferFails;

    @Override
    public Future<Void> hangUpAfterPlayout() {
      actions.add("hangup");
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> transfer(String uri) {
      actions.add("transfer " + uri);
      return transferFails
          ? Future.failedFuture(new IllegalStateException("MI said 500"))
          : Future.succeededFuture();
    }

    @Override
    public boolean sendDtmf(char digit) {
      actions.add("dtmf " + digit);
      return dtmfNegotiated;
    }
  }

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    vertx = Vertx.vertx();
    toolServer =
        get(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                body -> {
                                  posted.add(body.toJsonObject().put("path", req.path()));
                                  switch (req.path()) {
                                    case "/weather" ->
                                        req.response()
                                            .putHeader("content-type", "application/json")
                                            .end(new JsonObject().put("forecast", "rain").encode());
                                    case "/slow" ->
                                        vertx.setTimer(5000, id -> req.response().end("{}"));
                                    case "/list" -> req.response().end("[1,2]");
                                    default ->
                                        req.response()
                                            .setStatusCode(500)
                                            .setStatusMessage("Broken")
                                            .end();
                                  }
                                }))
                .listen(0, "127.0.0.1"));
    String base = "http://127.0.0.1:" + toolServer.actualPort();
    Path file = dir.resolve("tools.json");
    Files.writeString(
        file,
        "["
            + tool("weather", base + "/weather")
            + ","
            + tool("slow", base + "/slow")
            + ","
            + tool("list", base + "/list")
            + ","
            + tool("broken", base + "/broken")
            + "]");
    box =
        new ToolBox(
            vertx,
            ToolBox.load(file),
            "sip:operator@pbx.example.com",
            TransferAllowlist.of(
                List.of(
                    "sip:operator@pbx.example.com",
                    "sip:2*@pbx.example.com",
                    "sip:bob@example.org"),
                ""),
            1000,
            meters);
  }

  private static String tool(String name, String url) {
    return new JsonObject()
        .put("name", name)
        .put("description", "d")
        .put("url", url)
        .put("parameters", new JsonObject().put("type", "object"))
        .encode();
  }

  @AfterEach
  void stop() throws Exception {
    box.close();
    get(vertx.close());
  }

  @Test
  void specsOfferTheBuiltInsWithSchemasThenTheHttpTools() {
    assertThat(box.specs())
        .extracting(ToolSpec::name)
        .containsExactly("hang_up", "transfer", "send_dtmf", "weather", "slow", "list", "broken");
    ToolSpec dtmf = box.specs().get(2);
    assertThat(dtmf.builtIn()).isTrue();
    assertThat(dtmf.parameters().getJsonArray("required").getList()).containsExactly("digits");
    assertThat(box.specs().get(3).builtIn()).isFalse();
  }

  @Test
  void httpToolsPostTheArgumentsAndReturnTheJsonAnswer() throws Exception {
    RecordingCall call = new RecordingCall();
    JsonObject r =
        get(box.invoke("weather", new JsonObject().put("city", "Oslo"), box.specs(), call));
    assertThat(r).isEqualTo(new JsonObject().put("forecast", "rain"));
    assertThat(posted)
        .singleElement()
        .isEqualTo(new JsonObject().put("city", "Oslo").put("path", "/weather"));
    assertThat(get(box.invoke("list", new JsonObject(), box.specs(), call)).getValue("result"))
        .hasToString("[1,2]");
  }

  @Test
  void failuresBecomeErrorObjectsForTheModel() throws Exception {
    RecordingCall call = new RecordingCall();
    assertThat(get(box.invoke("broken", new JsonObject(), box.specs(), call)).getString("error"))
        .contains("500");
    assertThat(get(box.invoke("slow", new JsonObject(), box.specs(), call)).getString("error"))
        .contains("slow failed");
    assertThat(get(box.invoke("nope", new JsonObject(), box.specs(), call)).getString("error"))
        .contains("unknown tool nope");
    assertThat(
            get(box.invoke("send_dtmf", new JsonObject().put("digits", "12x"), box.specs(), call))
                .getString("error"))
        .contains("0-9");
    call.transferFails = true;
    assertThat(get(box.invoke("transfer", new JsonObject(), box.specs(), call)).getString("error"))
        .contains("MI said 500");
  }

  @Test
  void builtInsActOnTheCall() throws Exception {
    RecordingCall call = new RecordingCall();
    assertThat(
            get(box.invoke("send_dtmf", new JsonObject().put("digits", "1#a"), box.specs(), call))
                .getString("result"))
        .isEqualTo("sent");
    assertThat(
            get(box.invoke("transfer", new JsonObject().put("target", "2001"), box.specs(), call))
                .getString("target"))
        .isEqualTo("sip:2001@pbx.example.com");
    get(box.invoke("transfer", new JsonObject(), box.specs(), call));
    get(
        box.invoke(
            "transfer", new JsonObject().put("target", "sip:bob@example.org"), box.specs(), call));
    get(box.invoke("hang_up", null, box.specs(), call));
    assertThat(call.actions)
        .containsExactly(
            "dtmf 1",
            "dtmf #",
            "dtmf A",
            "transfer sip:2001@pbx.example.com",
            "transfer sip:operator@pbx.example.com",
            "transfer sip:bob@example.org",
            "hangup");
    call.dtmfNegotiated = false;
    assertThat(
            get(box.invoke("send_dtmf", new JsonObject().put("digits", "9"), box.specs(), call))
                .getString("error"))
        .contains("telephone-event");
  }

  @Test
  void transferTargetsOutsideTheAllowlistAreRefusedBeforeAnyRefer() throws Exception {
    RecordingCall call = new RecordingCall();
    for (String target :
        List.of(
            "+19005550199",
            "sip:+19005550199@premium.example.net",
            "tel:+19005550199",
            "sip:2001@pbx.example.com.evil.net",
            "sip:2001@evil.net;x=@pbx.example.com",
            "sip:bob@example.org>;X-Injected: 1")) {
      JsonObject r =
          get(box.invoke("transfer", new JsonObject().put("target", target), box.specs(), call));
      assertThat(r.getString("error")).as(target).contains("not allowed");
    }
    assertThat(call.actions).as("no REFER asked of the call").isEmpty();
    assertThat(
            MeterTotals.total(
                meters, "oavc_ai_tool_calls_refused_total", "reason", "target_not_allowed"))
        .isEqualTo(6);
  }

  @Test
  void anEmptyAllowlistAdmitsTheDefaultOnly() {
    TransferAllowlist def = TransferAllowlist.of(List.of(), "sip:operator@pbx.example.com");
    assertThat(def.allows("sip:operator@pbx.example.com")).isTrue();
    assertThat(def.allows("SIP:Operator@PBX.example.com")).isTrue();
    assertThat(def.allows("sip:2001@pbx.example.com")).isFalse();
    assertThat(TransferAllowlist.of(List.of(), "").allows("sip:operator@pbx.example.com"))
        .isFalse();
    assertThatThrownBy(() -> TransferAllowlist.of(List.of("http://x"), ""))
        .hasMessageContaining("'http://x'");
  }

  @Test
  void onlyToolsOfferedToTheCallCanBeCalledAndDeclaredOnesAreRun() throws Exception {
    RecordingCall call = new RecordingCall();
    List<ToolSpec> offered =
        List.of(
            BuiltInTools.specs().get(0),
            new ToolSpec(
                "forecast",
                "declared by the bot config only",
                new JsonObject(),
                "http://127.0.0.1:" + toolServer.actualPort() + "/weather"));
    assertThat(get(box.invoke("forecast", new JsonObject().put("city", "Bergen"), offered, call)))
        .isEqualTo(new JsonObject().put("forecast", "rain"));
    assertThat(get(box.invoke("weather", new JsonObject(), offered, call)).getString("error"))
        .as("in the tools file, but not offered to this call")
        .contains("unknown tool weather");
    assertThat(posted)
        .singleElement()
        .satisfies(p -> assertThat(p.getString("city")).isEqualTo("Bergen"));
    assertThat(
            MeterTotals.total(meters, "oavc_ai_tool_calls_refused_total", "reason", "not_offered"))
        .isEqualTo(1);
  }

  @Test
  void aKeyInAToolUrlsQueryReachesNeitherTheLogNorTheModel() throws Exception {
    Logger toolLog = (Logger) LoggerFactory.getLogger("oavc.ai.tools");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    toolLog.addAppender(lines);
    try {
      ToolSpec keyed =
          new ToolSpec(
              "slow_keyed",
              "",
              new JsonObject(),
              "http://127.0.0.1:" + toolServer.actualPort() + "/slow?api_key=sk-secret-in-query");
      JsonObject r =
          get(box.invoke("slow_keyed", new JsonObject(), List.of(keyed), new RecordingCall()));

      assertThat(r.getString("error")).contains("slow_keyed failed").doesNotContain("sk-secret");
      assertThat(lines.list)
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("sk-secret"));
    } finally {
      toolLog.detachAppender(lines);
    }
  }

  @Test
  void badToolFilesFailAtStartup(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "[{\"name\": \"hang_up\", \"url\": \"http://x\"}]");
    assertThatThrownBy(() -> ToolBox.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("built-in");
    Files.writeString(file, "[{\"name\": \"x\", \"url\": \"ftp://x\"}]");
    assertThatThrownBy(() -> ToolBox.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http(s) url");
    Files.writeString(file, "{");
    assertThatThrownBy(() -> ToolBox.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JSON list");
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }
}
