package org.oavc.aiservices;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.oavc.common.settings.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code oavc ai-services}: runs the local AI services alone, like {@link AiServicesMain}.
 * Registered as a sub-command of the connector's {@code oavc} command line.
 */
@Command(
    name = "ai-services",
    mixinStandardHelpOptions = true,
    description =
        "Run the local offline AI services: realtime (AI_SERVICE_PORT), Vosk STT (STT_SERVICE_PORT), "
            + "TTS + chat HTTP (TTS_SERVICE_PORT)")
public final class AiServicesCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "KEY=value settings file over the shipped defaults (default: CONFIG_FILE)")
  String config;

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>();
    if (config != null) {
      args.add("--config");
      args.add(config);
    }
    AiServicesOptions options;
    try {
      options = AiServicesMain.options(args.toArray(new String[0]), System.getenv());
    } catch (ConfigException e) {
      System.err.println("oavc ai-services: " + e.getMessage());
      return 2;
    }
    int status = AiServicesMain.runUntilShutdown(options);
    if (status == 0) {
      // Non-daemon Vert.x threads keep the process alive until a signal runs the shutdown hook.
      Thread.currentThread().join();
    }
    return status;
  }
}
