package org.oavc.aiservices;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the AI services alone (the compose deployment's entry point). Settings: the shipped
 * config/oavc.env under an operator's file ({@code --config FILE}, else CONFIG_FILE), under
 * environment variables of the same names; see {@link AiServicesOptions#fromSettings}.
 */
public final class AiServicesMain {
  private static final Logger LOG = LoggerFactory.getLogger(AiServicesMain.class);

  private AiServicesMain() {}

  public static void main(String[] args) {
    AiServicesOptions options;
    try {
      options = options(args, System.getenv());
    } catch (ConfigException e) {
      System.err.println("oavc ai-services: " + e.getMessage());
      System.exit(2);
      return;
    }
    int status = runUntilShutdown(options);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Starts the services and returns 0 once they run (a shutdown hook closes them), or 1 when they
   * could not start.
   */
  static int runUntilShutdown(AiServicesOptions options) {
    Vertx vertx = Vertx.vertx();
    AiServices services;
    try {
      services = AiServices.start(vertx, options).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("AI services failed to start: {}", e.getMessage(), e);
      vertx.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  services.close().eventually(vertx::close).onComplete(r -> stopped.countDown());
                  try {
                    stopped.await(15, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "oavc-ai-services-shutdown"));
    return 0;
  }

  /**
   * {@code [--config FILE]} over the shipped defaults (else CONFIG_FILE), under the environment.
   */
  static AiServicesOptions options(String[] args, Map<String, String> env) {
    return AiServicesOptions.fromSettings(Settings.forCommandLine(args, env));
  }
}
