package org.oavc.connector.ai.tools;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.oavc.common.settings.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tools a model calls: the built-ins against the call, HTTP tools by POSTing the arguments
 * as JSON. Every outcome is a JSON object for the model; failures become {@code {"error": "..."}}
 * rather than failed futures, so the model can say something sensible. One per daemon (it owns the
 * HTTP client), shared by calls.
 */
public final class ToolBox {
  private static final Logger log = LoggerFactory.getLogger("oavc.ai.tools");

  private final Map<String, ToolSpec> httpTools = new LinkedHashMap<>();
  private final String transferDefaultUri;
  private final long timeoutMillis;
  private final WebClient http;

  public ToolBox(
      Vertx vertx, List<ToolSpec> httpTools, String transferDefaultUri, long timeoutMillis) {
    httpTools.forEach(t -> this.httpTools.put(t.name(), t));
    this.transferDefaultUri = transferDefaultUri == null ? "" : transferDefaultUri;
    this.timeoutMillis = timeoutMillis;
    this.http =
        WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) timeoutMillis));
  }

  /** Built-ins first, then the HTTP tools: what goes into {@code AgentProfile.tools}. */
  public List<ToolSpec> specs() {
    List<ToolSpec> all = new ArrayList<>(BuiltInTools.specs());
    all.addAll(httpTools.values());
    return List.copyOf(all);
  }

  public Future<JsonObject> invoke(String name, JsonObject arguments, CallActions call) {
    JsonObject args = arguments == null ? new JsonObject() : arguments;
    try {
      return switch (name) {
        case BuiltInTools.HANG_UP ->
            call.hangUpAfterPlayout()
                .map(v -> new JsonObject().put("result", "call ended"))
                .otherwise(e -> error("hang-up failed: " + e.getMessage()));
        case BuiltInTools.TRANSFER -> transfer(args, call);
        case BuiltInTools.SEND_DTMF -> Future.succeededFuture(sendDtmf(args, call));
        default -> {
          ToolSpec spec = httpTools.get(name);
          yield spec == null
              ? Future.succeededFuture(error("unknown tool " + name))
              : post(spec, args);
        }
      };
    } catch (RuntimeException e) {
      log.warn("tool {} failed: {}", name, e.toString());
      return Future.succeededFuture(error(name + " failed: " + e.getMessage()));
    }
  }

  private Future<JsonObject> transfer(JsonObject args, CallActions call) {
    String uri =
        transferUri(args.getValue("target") == null ? "" : args.getValue("target").toString());
    if (uri == null) {
      return Future.succeededFuture(
          error("no transfer target given and TRANSFER_DEFAULT_URI is not set"));
    }
    return call.transfer(uri)
        .map(v -> new JsonObject().put("result", "transferred").put("target", uri))
        .otherwise(e -> error("transfer to " + uri + " failed: " + e.getMessage()));
  }

  /** A SIP URI for the model's target: as given, or a bare number on the default URI's host. */
  String transferUri(String target) {
    String t = target.trim();
    if (t.isEmpty()) {
      return transferDefaultUri.isEmpty() ? null : transferDefaultUri;
    }
    if (t.matches("(?i)(sips?|tel):.+")) {
      return t;
    }
    int at = transferDefaultUri.indexOf('@');
    if (at > 0 && t.matches("[+0-9A-Za-z._-]+")) {
      return "sip:" + t + transferDefaultUri.substring(at);
    }
    return transferDefaultUri.isEmpty() ? null : transferDefaultUri;
  }

  private static JsonObject sendDtmf(JsonObject args, CallActions call) {
    String digits = args.getValue("digits") == null ? "" : args.getValue("digits").toString();
    if (!digits.matches("[0-9*#A-Da-d]+")) {
      return error("digits must be 0-9, *, #, A-D, got '" + digits + "'");
    }
    for (char d : digits.toUpperCase().toCharArray()) {
      if (!call.sendDtmf(d)) {
        return error("the call has no telephone-event: DTMF cannot be sent");
      }
    }
    return new JsonObject().put("result", "sent").put("digits", digits);
  }

  private Future<JsonObject> post(ToolSpec spec, JsonObject args) {
    return http.postAbs(spec.url())
        .timeout(timeoutMillis)
        .putHeader("content-type", "application/json")
        .sendBuffer(args.toBuffer())
        .map(ToolBox::result)
        .otherwise(
            e -> {
              log.warn("HTTP tool {} at {} failed: {}", spec.name(), spec.url(), e.toString());
              return error(spec.name() + " failed: " + e.getMessage());
            });
  }

  private static JsonObject result(HttpResponse<Buffer> r) {
    if (r.statusCode() / 100 != 2) {
      return error("HTTP " + r.statusCode() + " " + r.statusMessage());
    }
    Buffer body = r.body();
    if (body == null || body.length() == 0) {
      return new JsonObject().put("result", "ok");
    }
    try {
      Object v = Json.decodeValue(body);
      return v instanceof JsonObject o ? o : new JsonObject().put("result", v);
    } catch (DecodeException e) {
      return new JsonObject().put("result", body.toString());
    }
  }

  static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }

  /** Reads AI_TOOLS_FILE: a JSON list of {name, description, parameters, url}. */
  public static List<ToolSpec> load(Path file) {
    JsonArray list;
    try {
      list = new JsonArray(Files.readString(file));
    } catch (IOException | DecodeException e) {
      throw new ConfigException(
          "AI_TOOLS_FILE " + file + " is not a readable JSON list: " + e.getMessage());
    }
    List<ToolSpec> tools = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject t)) {
        throw new ConfigException("AI_TOOLS_FILE " + file + ": entry " + i + " is not an object");
      }
      tools.add(parse(t, "AI_TOOLS_FILE " + file + ": entry " + i));
    }
    return List.copyOf(tools);
  }

  /** One HTTP tool declaration (the tools file, or a bot-config answer). */
  public static ToolSpec parse(JsonObject t, String where) {
    String name = t.getString("name", "");
    String url = t.getString("url", "");
    if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new ConfigException(where + ": name '" + name + "' is not a tool name");
    }
    if (name.equals(BuiltInTools.HANG_UP)
        || name.equals(BuiltInTools.TRANSFER)
        || name.equals(BuiltInTools.SEND_DTMF)) {
      throw new ConfigException(where + ": '" + name + "' is a built-in tool");
    }
    if (!url.matches("(?i)https?://.+")) {
      throw new ConfigException(where + ": tool " + name + " needs an http(s) url");
    }
    JsonObject params =
        t.getJsonObject(
            "parameters",
            new JsonObject().put("type", "object").put("properties", new JsonObject()));
    return new ToolSpec(name, t.getString("description", ""), params, url);
  }

  public void close() {
    http.close();
  }
}
