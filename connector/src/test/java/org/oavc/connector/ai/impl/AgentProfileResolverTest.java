package org.oavc.connector.ai.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.AiOptions;
import org.oavc.connector.ai.tools.BuiltInTools;
import org.oavc.connector.ai.tools.ToolSpec;

/** Flavor rules from the config and the bot-config URL served by a real HTTP server on loopback. */
class AgentProfileResolverTest {
  private Vertx vertx;
  private HttpServer botConfig;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private volatile JsonObject answer = new JsonObject();
  private volatile int status = 200;
  private volatile long delayMillis;

  @BeforeEach
  void startBotConfigServer() throws Exception {
    vertx = Vertx.vertx();
    botConfig =
        get(
            vertx
                .createHttpServer()
                .requestHandler(
                    req -> {
                      queries.add(req.query());
                      vertx.setTimer(
                          Math.max(1, delayMillis),
                          id ->
                              req.response()
                                  .setStatusCode(status)
                                  .putHeader("content-type", "application/json")
                                  .end(answer.encode()));
                    })
                .listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() throws Exception {
    get(vertx.close());
  }

  private static AiCallInfo call(String from, String to, Map<String, String> headers) {
    return new AiCallInfo("k1", "call-1@x", from, to, "PCMU", 8000, headers);
  }

  private AgentProfileResolver profiles(Map<String, String> config) {
    Map<String, String> all =
        new HashMap<>(Map.of("AI_FLAVOR", "realtime", "AI_CONNECT_TIMEOUT_MS", "500"));
    all.putAll(config);
    return new AgentProfileResolver(
        vertx, AiOptions.fromSettings(Settings.defaultsWith(all)), BuiltInTools.specs());
  }

  @Test
  void firstMatchingRuleWinsAndTheDefaultCatchesTheRest() {
    AgentProfileResolver p =
        profiles(
            Map.of(
                "AI_FLAVOR_RULES",
                "to:^echo$=echo; from:^\\+44=pipeline;header/X-Agent:^sales$=realtime2;to:.*=never-first"));
    assertThat(p.flavorByRules(call("alice", "echo", Map.of()))).isEqualTo("echo");
    assertThat(p.flavorByRules(call("+4420", "echo", Map.of()))).isEqualTo("echo");
    assertThat(p.flavorByRules(call("+4420", "bot", Map.of()))).isEqualTo("pipeline");
    assertThat(p.flavorByRules(call("bob", "bot", Map.of("x-agent", "sales"))))
        .isEqualTo("realtime2");
    assertThat(p.flavorByRules(call("bob", "bot", Map.of()))).isEqualTo("never-first");
    assertThat(profiles(Map.of()).flavorByRules(call("bob", null, Map.of()))).isEqualTo("realtime");
  }

  @Test
  void invalidRulesFailAtStartupNamingTheRule() {
    assertThatThrownBy(() -> profiles(Map.of("AI_FLAVOR_RULES", "to:^echo$=echo;subject:x=echo")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("subject:x=echo")
        .hasMessageContaining("FIELD");
    assertThatThrownBy(() -> profiles(Map.of("AI_FLAVOR_RULES", "to:([=echo")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("to:([=echo")
        .hasMessageContaining("regex");
    assertThatThrownBy(() -> profiles(Map.of("AI_FLAVOR_RULES", "to:abc")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'to:abc'");
    assertThatThrownBy(() -> profiles(Map.of("AI_FLAVOR_RULES", "header/:x=echo")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("header name");
    assertThatThrownBy(() -> profiles(Map.of("AI_FAILURE_ACTION", "panic")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AI_FAILURE_ACTION");
  }

  @Test
  void botConfigAnswerChoosesFlavorAndSettingsForTheCall() throws Exception {
    answer =
        new JsonObject()
            .put("flavor", "pipeline")
            .put("instructions", "Sell cheese.")
            .put("voice", "kevin")
            .put("greeting", "Cheese shop!")
            .put("record", true)
            .put(
                "tools",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("name", "stock")
                            .put("url", "http://127.0.0.1:9/stock")));
    AgentProfileResolver p =
        profiles(
            Map.of(
                "AI_BOT_CONFIG_URL",
                "http://127.0.0.1:" + botConfig.actualPort() + "/bot",
                "AI_LANGUAGE",
                "fr"));

    AgentProfile profile = get(p.choose(call("alice", "shop", Map.of())));
    assertThat(profile.flavor()).isEqualTo("pipeline");
    assertThat(profile.instructions()).isEqualTo("Sell cheese.");
    assertThat(profile.voice()).isEqualTo("kevin");
    assertThat(profile.language()).as("absent fields keep the config's value").isEqualTo("fr");
    assertThat(profile.greeting()).isEqualTo("Cheese shop!");
    assertThat(profile.record()).as("the bot config asks for a recording").isTrue();
    assertThat(p.fromRules(call("alice", "shop", Map.of())).record()).isFalse();
    assertThat(profile.tools())
        .extracting(ToolSpec::name)
        .containsExactly("hang_up", "transfer", "send_dtmf", "stock");
    assertThat(queries)
        .singleElement()
        .satisfies(
            q ->
                assertThat(q)
                    .contains("from=alice")
                    .contains("to=shop")
                    .contains("callId=call-1%40x"));
  }

  @Test
  void slowOrFailingBotConfigFallsBackToTheRules() throws Exception {
    AgentProfileResolver p =
        profiles(
            Map.of(
                "AI_BOT_CONFIG_URL",
                "http://127.0.0.1:" + botConfig.actualPort() + "/bot",
                "AI_FLAVOR_RULES",
                "to:^echo$=echo"));
    answer = new JsonObject().put("flavor", "pipeline");

    delayMillis = 3000; // beyond AI_CONNECT_TIMEOUT_MS
    assertThat(get(p.choose(call("a", "echo", Map.of()))).flavor()).isEqualTo("echo");
    delayMillis = 0;
    status = 500;
    assertThat(get(p.choose(call("a", "echo", Map.of()))).flavor()).isEqualTo("echo");
    status = 200;
    assertThat(get(p.choose(call("a", "echo", Map.of()))).flavor()).isEqualTo("pipeline");
    answer = new JsonObject().put("flavor", "pipeline").put("record", "yes");
    assertThat(get(p.choose(call("a", "echo", Map.of()))).flavor())
        .as("an answer with a malformed field is unusable as a whole")
        .isEqualTo("echo");

    AgentProfileResolver unreachable =
        profiles(Map.of("AI_BOT_CONFIG_URL", "http://127.0.0.1:9/bot"));
    assertThat(get(unreachable.choose(call("a", "b", Map.of()))).flavor()).isEqualTo("realtime");
  }

  @Test
  void printedSettingsNeverShowATokenInTheBotConfigUrl() {
    AiOptions o =
        AiOptions.fromSettings(
            Settings.defaultsWith(
                Map.of("AI_BOT_CONFIG_URL", "https://bots.example.com/cfg?token=sk-secret-bot")));
    assertThat(o.toString())
        .doesNotContain("sk-secret")
        .contains("botConfigUrl=https://bots.example.com/cfg?(redacted)");
  }

  @Test
  void inviteHeadersAreParsedFirstValueWins() {
    Map<String, String> h =
        CallInfos.headers(
            "Via: SIP/2.0/UDP a\r\nX-Agent: sales\r\nX-Agent: other\r\nSubject: long\r\n  folded\r\ngarbage\r\n");
    assertThat(h)
        .containsEntry("X-Agent", "sales")
        .containsEntry("Subject", "long folded")
        .hasSize(3);
    assertThat(CallInfos.headers(null)).isEmpty();
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }
}
