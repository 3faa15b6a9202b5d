package org.oavc.connector.cli;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.config.OavcConfig;
import org.oavc.connector.opensips.MiClient;
import org.oavc.connector.opensips.MiClientOptions;
import org.oavc.connector.opensips.MiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code oavc mi <command> [name=value ...]}: one MI command, the reply printed readably. */
@Command(
    name = "mi",
    description = "Send one MI command to OpenSIPS, e.g. `oavc mi ps`, `oavc mi ua_session_list`")
final class MiCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Parameters(index = "0", description = "MI command name")
  String command;

  @Parameters(index = "1..*", description = "name=value (or positional) params")
  List<String> params;

  @Override
  public Integer call() throws Exception {
    OavcConfig c = config.load();
    Object p = MiArguments.parse(params);
    Vertx vertx = Vertx.vertx();
    try {
      MiClient mi =
          MiClient.create(
              vertx,
              new MiClientOptions().setHost(c.miIp).setPort(c.miPort).setTimeout(c.miTimeout));
      Object result =
          mi.callRaw(command, p, false)
              .toCompletionStage()
              .toCompletableFuture()
              .get(c.miTimeout.toMillis() * 4, TimeUnit.MILLISECONDS);
      System.out.println(render(result));
      return 0;
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof MiException) {
        MiException me = (MiException) cause;
        System.err.println("error " + me.getMessage());
        return 1;
      }
      System.err.println("error: " + cause);
      return 2;
    } finally {
      vertx.close();
    }
  }

  static String render(Object result) {
    if (result instanceof JsonObject) {
      return ((JsonObject) result).encodePrettily();
    }
    if (result instanceof JsonArray) {
      return ((JsonArray) result).encodePrettily();
    }
    return String.valueOf(result);
  }
}
