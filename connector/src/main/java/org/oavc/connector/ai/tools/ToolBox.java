package org.oavc.connector.ai.tools;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.oavc.common.net.UrlRedaction;
import org.oavc.common.settings.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tools a model calls: the built-ins against the call, HTTP tools (AI_TOOLS_FILE, or
 * declared by the call's bot config) by POSTing the arguments as JSON. Only what was offered to the
 * call's model can be called, and transfer only to targets of the {@link TransferAllowlist}. Every
 * outcome is a JSON object for the model; failures and refusals become {@code {"error": "..."}}
 * rather than failed futures, so the model can say something sensible. One per daemon (it owns the
 * HTTP client), shared by calls.
 */
public final class ToolBox {
  private static final Logger log = LoggerFactory.getLogger("oavc.ai.tools");

  private final Map<String, ToolSpec> httpTools = new LinkedHashMap<>();
  private final String transferDefaultUri;
  private final TransferAllowlist transferAllowed;
  private final long timeoutMillis;
  private final MeterRegistry meters;
  private final WebClient http;

  /**
   * @param httpTools the AI_TOOLS_FILE tools, offered to calls whose bot config does not choose
   * @param transferAllowed the targets transfer may REFER to (TRANSFER_ALLOWED)
   */
  public ToolBox(
      Vertx vertx,
      List<ToolSpec> httpTools,
      String transferDefaultUri,
      TransferAllowlist transferAllowed,
      long timeoutMillis,
      MeterRegistry meters) {
    httpTools.forEach(t -> this.httpTools.put(t.name(), t));
    this.transferDefaultUri = transferDefaultUri == null ? "" : transferDefaultUri;
    this.transferAllowed = transferAllowed;
    this.timeoutMillis = timeoutMillis;
    this.meters = meters;
    this.http =
        WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) timeoutMillis));
  }

  /** Built-ins first, then the HTTP tools: what goes into {@code AgentProfile.tools}. */
  public List<ToolSpec> specs() {
    List<ToolSpec> all = new ArrayList<>(BuiltInTools.specs());
    all.addAll(httpTools.values());
    return List.copyOf(all);
  }

  /**
   * Runs tool {@code name} for a call whose model was offered {@code offered}: a built-in, or an
   * HTTP tool among the offered ones (a tool the model was not offered is refused).
   */
  public Future<JsonObject> invoke(
      String name, JsonObject arguments, List<ToolSpec> offered, CallActions call) {
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
          ToolSpec spec = offeredHttpTool(name, offered);
          if (spec == null) {
            refused("other", "not_offered");
            yield Future.succeededFuture(error("unknown tool " + printable(name)));
          }
          yield post(spec, args);
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
    if (!transferAllowed.allows(uri)) {
      refused(BuiltInTools.TRANSFER, "target_not_allowed");
      log.warn("transfer to {} refused: not in TRANSFER_ALLOWED", printable(uri));
      return Future.succeededFuture(
          error("transfer to " + printable(uri) + " is not allowed; offer the default operator"));
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

  private static ToolSpec offeredHttpTool(String name, List<ToolSpec> offered) {
    if (offered == null) {
      return null;
    }
    for (ToolSpec t : offered) {
      if (t.name().equals(name) && !t.builtIn()) {
        return t;
      }
    }
    return null;
  }

  /** One refused call: tool is a built-in's name or "other" (names come from the model). */
  private void refused(String tool, String reason) {
    Counter.builder("oavc_ai_tool_calls_refused_total")
        .description("Tool calls refused: a tool not offered, a transfer target not allowed")
        .tag("tool", tool)
        .tag("reason", reason)
        .register(meters)
        .increment();
  }

  /** A model-chosen string fit for a log line or an error: no control characters, bounded. */
  private static String printable(String s) {
    String clean = s.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
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
              // the client's messages may quote the URL, and a key may ride in its query
              log.warn(
                  "HTTP tool {} at {} failed: {}",
                  spec.name(),
                  UrlRedaction.redact(spec.url()),
                  UrlRedaction.scrub(e.toString()));
              return error(spec.name() + " failed: " + UrlRedaction.scrub(e.getMessage()));
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
