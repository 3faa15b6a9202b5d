package org.oavc.connector.cli;

import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code oavc hangup <key>}: the running connector hangs the call up (BYE via OpenSIPS). */
@Command(name = "hangup", description = "Hang up a call of the running connector")
final class HangupCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Parameters(index = "0", description = "UA-session key (B2B....)")
  String key;

  @Override
  public Integer call() throws Exception {
    ManagementClient client = new ManagementClient(config.load());
    HttpResponse<String> r = client.send("DELETE", "/calls/" + ManagementClient.segment(key));
    if (r == null) {
      return 2;
    }
    if (r.statusCode() == 202) {
      System.out.println("hung up " + key);
      return 0;
    }
    System.err.println("HTTP " + r.statusCode() + ": " + r.body());
    return r.statusCode() == 404 ? 3 : 1;
  }
}
