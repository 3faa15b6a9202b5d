package org.oavc.bench;

import com.hazelcast.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.cluster.ClusterMember;
import org.oavc.connector.cluster.ClusterOptions;
import org.oavc.connector.config.OavcConfig;
import org.oavc.connector.daemon.OavcDaemon;
import org.oavc.connector.testdouble.OpenSipsDoubleOptions;
import org.oavc.connector.testdouble.OpenSipsTarget;

/**
 * Start-up times, each in a fresh JVM (what an operator waits for after a restart): a plain Vert.x,
 * a lone Hazelcast member as the daemon embeds it, a Vert.x clustered over vertx-hazelcast alone
 * (the alternative not taken, see HazelcastClusterMember), and the whole daemon (AI services off,
 * OpenSIPS test double) from {@code OavcDaemon.start} to running. Prints a table.
 *
 * <p>Usage: bench/run.sh ClusterStartup [processes=5]
 */
public final class ClusterStartup {
  private static final String[] WHAT = {"vertx", "hazelcast", "clustered-vertx", "daemon"};

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--child")) {
      System.out.println("ms=" + child(args[1]));
      System.exit(0);
    }
    int processes = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.println(
        "start-up, fresh JVM each, " + processes + " runs; " + Percentiles.machine());
    System.out.printf("%-16s %8s %8s %8s%n", "what", "p50 ms", "min ms", "max ms");
    for (String what : WHAT) {
      long[] ms = new long[processes];
      for (int i = 0; i < processes; i++) {
        ms[i] = spawn(what);
      }
      Percentiles p = new Percentiles(ms, ms.length);
      // Percentiles works in ns; these samples are ms, so its "micros" are ms / 1000.
      System.out.printf(
          "%-16s %8.0f %8.0f %8.0f%n",
          what, p.micros(50) * 1000, p.micros(0.0001) * 1000, p.micros(100) * 1000);
    }
  }

  private static long spawn(String what) throws Exception {
    Process child =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                ClusterStartup.class.getName(),
                "--child",
                what)
            .redirectErrorStream(true)
            .start();
    long ms = -1;
    List<String> lines = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
        if (line.startsWith("ms=")) {
          ms = Long.parseLong(line.substring(3));
        }
      }
    }
    child.waitFor(2, TimeUnit.MINUTES);
    if (ms < 0) {
      throw new IllegalStateException(what + " gave no time: " + lines);
    }
    return ms;
  }

  /** One start in this (fresh) JVM, in ms; the process exits right after. */
  private static long child(String what) throws Exception {
    switch (what) {
      case "vertx":
        {
          long t0 = System.nanoTime();
          Vertx.vertx();
          return (System.nanoTime() - t0) / 1_000_000;
        }
      case "hazelcast":
        {
          Vertx vertx = Vertx.vertx();
          long t0 = System.nanoTime();
          await(ClusterMember.join(vertx, new ClusterOptions().setName("startup")));
          return (System.nanoTime() - t0) / 1_000_000;
        }
      case "clustered-vertx":
        {
          long t0 = System.nanoTime();
          Config c = new Config().setClusterName("startup");
          c.setProperty("hazelcast.phone.home.enabled", "false");
          c.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
          c.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
          c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
          c.getNetworkConfig().setPortAutoIncrement(true);
          await(
              Vertx.builder().withClusterManager(new HazelcastClusterManager(c)).buildClustered());
          return (System.nanoTime() - t0) / 1_000_000;
        }
      default:
        {
          try (OpenSipsTarget target =
              OpenSipsTarget.fromEnvironment(Map.of(), new OpenSipsDoubleOptions())) {
            OavcConfig config = OavcConfig.defaultsWith(CallSetupLatency.daemonSettings(target));
            long t0 = System.nanoTime();
            await(OavcDaemon.start(config));
            return (System.nanoTime() - t0) / 1_000_000;
          }
        }
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }
}
