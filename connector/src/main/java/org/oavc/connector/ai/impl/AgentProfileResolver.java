package org.oavc.connector.ai.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.oavc.common.net.UrlRedaction;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.AiOptions;
import org.oavc.connector.ai.tools.BuiltInTools;
import org.oavc.connector.ai.tools.ToolBox;
import org.oavc.connector.ai.tools.ToolSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses each call's {@link AgentProfile}: the bot-config URL's answer when one is configured and
 * answers in time, else the first matching AI_FLAVOR_RULES rule, else AI_FLAVOR; instructions,
 * voice and language default to the config file's values.
 */
public final class AgentProfileResolver {
  private static final Logger log = LoggerFactory.getLogger("oavc.ai");

  private final AiOptions settings;
  private final List<ToolSpec> tools;
  private final WebClient http;

  public AgentProfileResolver(Vertx vertx, AiOptions settings, List<ToolSpec> tools) {
    this.settings = settings;
    this.tools = List.copyOf(tools);
    this.http =
        settings.botConfigUrl().isEmpty()
            ? null
            : WebClient.create(
                vertx, new WebClientOptions().setConnectTimeout(settings.connectTimeoutMillis()));
  }

  /** The profile from the config file alone (rules, then the default flavor). */
  public AgentProfile fromRules(AiCallInfo info) {
    return new AgentProfile(
        flavorByRules(info),
        settings.instructions(),
        settings.voice(),
        settings.language(),
        null,
        tools);
  }

  public String flavorByRules(AiCallInfo info) {
    for (FlavorRule rule : settings.rules()) {
      String flavor = rule.match(info);
      if (flavor != null) {
        return flavor;
      }
    }
    return settings.defaultFlavor();
  }

  /** Never fails: a bot-config failure falls back to the rules with a warning. */
  public Future<AgentProfile> choose(AiCallInfo info) {
    AgentProfile byRules = fromRules(info);
    if (http == null) {
      return Future.succeededFuture(byRules);
    }
    return http.getAbs(settings.botConfigUrl())
        .addQueryParam("from", nullToEmpty(info.fromUser()))
        .addQueryParam("to", nullToEmpty(info.toUser()))
        .addQueryParam("callId", nullToEmpty(info.callId()))
        .timeout(settings.connectTimeoutMillis())
        .send()
        .map(
            r -> {
              if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode());
              }
              return merge(byRules, r.bodyAsJsonObject());
            })
        .otherwise(
            e -> {
              log.warn(
                  "key={} bot config from {} unusable ({}): using the config rules",
                  info.key(),
                  UrlRedaction.redact(settings.botConfigUrl()),
                  UrlRedaction.scrub(e.getMessage()));
              return byRules;
            });
  }

  /** The bot config's answer over the rules' profile; absent fields keep the rules' values. */
  AgentProfile merge(AgentProfile base, JsonObject answer) {
    if (answer == null) {
      throw new IllegalStateException("empty answer");
    }
    return new AgentProfile(
        answer.getString("flavor", base.flavor()),
        answer.getString("instructions", base.instructions()),
        answer.getString("voice", base.voice()),
        answer.getString("language", base.language()),
        answer.getString("greeting", base.greeting()),
        answer.containsKey("tools") ? tools(answer.getJsonArray("tools")) : base.tools(),
        answer.getBoolean("record", base.record()));
  }

  /**
   * The bot config's tools: names select configured tools, objects declare HTTP tools for this
   * call. The built-ins are always offered.
   */
  private List<ToolSpec> tools(JsonArray list) {
    List<ToolSpec> out = new ArrayList<>(BuiltInTools.specs());
    Set<String> builtIns =
        Set.of(BuiltInTools.HANG_UP, BuiltInTools.TRANSFER, BuiltInTools.SEND_DTMF);
    for (int i = 0; i < list.size(); i++) {
      Object t = list.getValue(i);
      if (t instanceof String name) {
        tools.stream()
            .filter(s -> s.name().equals(name) && !builtIns.contains(name))
            .forEach(out::add);
      } else if (t instanceof JsonObject o) {
        out.add(ToolBox.parse(o, "bot config tool " + i));
      }
    }
    return List.copyOf(out);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  public void close() {
    if (http != null) {
      http.close();
    }
  }
}
