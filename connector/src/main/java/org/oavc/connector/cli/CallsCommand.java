package org.oavc.connector.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code oavc calls}: the live calls of a running connector, one line each. */
@Command(name = "calls", description = "List the calls of the running connector")
final class CallsCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--json", description = "Print the raw JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ManagementClient client = new ManagementClient(config.load());
    HttpResponse<String> r = client.send("GET", "/calls");
    if (r == null) {
      return 2;
    }
    if (r.statusCode() != 200) {
      System.err.println("HTTP " + r.statusCode() + ": " + r.body());
      return 1;
    }
    JsonObject body = new JsonObject(r.body());
    if (json) {
      System.out.println(body.encodePrettily());
      return 0;
    }
    JsonArray calls = body.getJsonArray("calls", new JsonArray());
    System.out.printf("%-40s %-10s %-8s %-6s %s%n", "KEY", "STATE", "CODEC", "PORT", "FROM -> TO");
    for (int i = 0; i < calls.size(); i++) {
      JsonObject c = calls.getJsonObject(i);
      System.out.printf(
          "%-40s %-10s %-8s %-6s %s -> %s%n",
          c.getString("key"),
          c.getString("state"),
          c.getString("codec", "-"),
          c.getValue("localRtpPort", "-"),
          c.getString("from", "?"),
          c.getString("to", "?"));
    }
    System.out.println(calls.size() + " active call(s)");
    return 0;
  }
}
