package org.oavc.connector.cli;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code oavc dial <uri>}: the running connector places a call (POST /calls) and prints its key.
 * The connector validates every field; this only assembles the request.
 */
@Command(name = "dial", description = "Place an outbound AI call through the running connector")
final class DialCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Parameters(index = "0", description = "Who to call: a bare SIP URI, e.g. sip:alice@pbx.example")
  String to;

  @Option(names = "--from", description = "Our SIP URI (default: OUTBOUND_FROM)")
  String from;

  @Option(names = "--flavor", description = "AI flavor for this call (realtime, pipeline, echo)")
  String flavor;

  @Option(names = "--instructions", description = "Instructions for the agent")
  String instructions;

  @Option(names = "--greeting", description = "What the agent says first")
  String greeting;

  @Option(names = "--voice", description = "Voice of the agent")
  String voice;

  @Option(names = "--language", description = "Language of the agent")
  String language;

  @Option(names = "--ring-timeout", description = "Seconds to ring before giving up")
  Integer ringTimeoutS;

  @Option(names = "--max-duration", description = "Seconds after the answer before hanging up")
  Integer maxDurationS;

  @Option(
      names = {"-H", "--header"},
      description = "An X- header for the INVITE, NAME=VALUE (repeatable)")
  Map<String, String> headers;

  @Override
  public Integer call() throws Exception {
    JsonObject body = new JsonObject().put("to", to);
    putIfSet(body, "from", from);
    putIfSet(body, "flavor", flavor);
    putIfSet(body, "instructions", instructions);
    putIfSet(body, "greeting", greeting);
    putIfSet(body, "voice", voice);
    putIfSet(body, "language", language);
    putIfSet(body, "ring_timeout_s", ringTimeoutS);
    putIfSet(body, "max_duration_s", maxDurationS);
    if (headers != null && !headers.isEmpty()) {
      JsonObject h = new JsonObject();
      headers.forEach(h::put);
      body.put("headers", h);
    }
    ManagementClient client = new ManagementClient(config.load());
    HttpResponse<String> r = client.send("POST", "/calls", body.encode());
    if (r == null) {
      return 2;
    }
    if (r.statusCode() == 202) {
      System.out.println(new JsonObject(r.body()).getString("key"));
      return 0;
    }
    System.err.println("HTTP " + r.statusCode() + ": " + r.body());
    return r.statusCode() == 400 ? 3 : 1;
  }

  private static void putIfSet(JsonObject body, String name, Object value) {
    if (value != null) {
      body.put(name, value);
    }
  }
}
