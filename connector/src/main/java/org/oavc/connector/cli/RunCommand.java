package org.oavc.connector.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.config.OavcConfig;
import org.oavc.connector.daemon.OavcDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code oavc run}: the daemon in the foreground; SIGTERM/SIGINT drain calls gracefully. */
@Command(name = "run", description = "Run the connector in the foreground")
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    OavcConfig c = config.load();
    OavcDaemon daemon =
        OavcDaemon.start(c).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    daemon
                        .stop()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(
                            c.shutdownGrace.toSeconds() + c.cluster.getDrainSeconds() + 15,
                            TimeUnit.SECONDS);
                  } catch (Exception e) {
                    System.err.println("shutdown did not complete cleanly: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "oavc-shutdown"));
    stopped.await();
    return 0;
  }
}
