package org.oavc.bench;

import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.TestApiToken;
import org.oavc.connector.TestStateDir;
import org.oavc.connector.ai.PcmuCaller;
import org.oavc.connector.e2e.ConnectorJvm;
import org.oavc.connector.testdouble.OpenSipsTarget;
import org.oavc.connector.testdouble.SippOptions;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.SippRunner;

/**
 * Failover time: two connector JVMs in a cluster (the OpenSIPS double or a real OpenSIPS, SIPp as
 * the caller with `uac-failover.xml`, the Java RTP caller of the cluster tests). Per round one
 * call; its owner is killed (SIGKILL) or frozen (SIGSTOP); the figure is the time from the signal
 * to the caller's first RTP packet from the survivor's port. The lost node is started again (or
 * woken, then restarted) for the next round. Shipped failure detection (heartbeat 1 s,
 * CLUSTER_MAX_SILENCE_S 5, or the third argument). Args: [kills=20] [freezes=5] [maxSilenceS=5].
 */
public final class FailoverTime {
  private static final String MEMBERS = "127.0.0.1:5811,127.0.0.1:5812";
  private static final Map<String, Integer> HTTP = Map.of("node-a", 18_631, "node-b", 18_632);
  private static final HttpClient HTTP_CLIENT = HttpClient.newHttpClient();

  /** CLUSTER_MAX_SILENCE_S of the nodes. */
  private static String maxSilence = "5";

  private FailoverTime() {}

  public static void main(String[] args) throws Exception {
    int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int freezes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    maxSilence = args.length > 2 ? args[2] : "5";
    System.out.printf(
        "Failover time, 2 connector JVMs, CLUSTER_MAX_SILENCE_S=%s (%s)%n%n",
        maxSilence, Percentiles.machine());
    Path logs = Files.createDirectories(Path.of("bench", "target", "failover-logs"));
    Map<String, Process> nodes = new HashMap<>();
    try (OpenSipsTarget target = OpenSipsTarget.fromEnvironment()) {
      for (String id : HTTP.keySet()) {
        nodes.put(id, node(target, id, logs));
      }
      for (String id : HTTP.keySet()) {
        ConnectorJvm.awaitReady(nodes.get(id), HTTP.get(id));
      }
      awaitMembers(2);
      System.out.println(
          "| owner lost by | rounds | signal -> caller's first RTP from the survivor p50 / p90 / max ms |");
      System.out.println("|---|---|---|");
      for (String how : new String[] {"KILL", "STOP"}) {
        int rounds = how.equals("KILL") ? kills : freezes;
        long[] gaps = new long[rounds];
        int n = 0;
        for (int i = 0; i < rounds; i++) {
          long gap = round(target, nodes, how, logs);
          if (gap > 0) {
            gaps[n++] = gap;
          }
        }
        Percentiles p = new Percentiles(gaps, n);
        System.out.printf(
            "| SIG%s | %d | %.0f / %.0f / %.0f |%n",
            how, n, p.micros(50) / 1000, p.micros(90) / 1000, p.micros(100) / 1000);
      }
    } finally {
      for (Process p : nodes.values()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    System.exit(0);
  }

  /** One call, its owner lost; nanos from the signal to the survivor's first packet, or -1. */
  private static long round(
      OpenSipsTarget target, Map<String, Process> nodes, String how, Path logs) throws Exception {
    try (PcmuCaller caller = new PcmuCaller(9)) {
      Future<SippResult> call =
          SippRunner.run(
              new SippOptions()
                  .setScenario("uac-failover.xml")
                  .setTarget(target.sipAddress())
                  .setTimeout(Duration.ofSeconds(90))
                  .addExtraArgs(
                      "-key", "caller_rtp", Integer.toString(caller.address().getPort())));
      String[] found =
          await("an owner's answered call")
              .atMost(Duration.ofSeconds(30))
              .until(FailoverTime::liveCall, f -> f != null);
      String owner = found[0];
      int firstPort = Integer.parseInt(found[1]);
      caller.sendTo(firstPort);
      await("RTP from the owner")
          .atMost(Duration.ofSeconds(20))
          .until(() -> caller.packetsBySource.containsKey(firstPort));
      Thread.sleep(1000); // its record and the cluster settled, as in a call under way
      Process lost = nodes.get(owner);
      long signal = System.nanoTime();
      if (how.equals("KILL")) {
        lost.destroyForcibly();
      } else {
        new ProcessBuilder("kill", "-STOP", Long.toString(lost.pid())).start().waitFor();
      }
      long first = -1;
      long deadline = signal + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        if (caller.packetsBySource.keySet().stream().anyMatch(port -> port != firstPort)) {
          first = System.nanoTime();
          break;
        }
        Thread.sleep(1);
      }
      try {
        call.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("SIPp: " + e);
      }
      lost.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // a frozen one too, then restarted
      Process again = node(target, owner, logs);
      nodes.put(owner, again);
      ConnectorJvm.awaitReady(again, HTTP.get(owner));
      awaitMembers(2);
      await("the survivor's call over")
          .atMost(Duration.ofSeconds(30))
          .until(() -> liveCall() == null);
      return first < 0 ? -1 : first - signal;
    }
  }

  /** {node, localRtpPort} of the one live call with its port known, or null. */
  private static String[] liveCall() {
    for (Map.Entry<String, Integer> n : HTTP.entrySet()) {
      try {
        JsonObject calls = new JsonObject(get(n.getValue(), "/calls"));
        for (Object o : calls.getJsonArray("calls")) {
          JsonObject c = (JsonObject) o;
          if ("ACTIVE".equals(c.getString("state")) && c.getInteger("localRtpPort") != null) {
            return new String[] {n.getKey(), c.getInteger("localRtpPort").toString()};
          }
        }
      } catch (Exception e) {
        // a node down or starting: ask the other
      }
    }
    return null;
  }

  private static void awaitMembers(int count) {
    await("both nodes in the cluster")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              for (int port : HTTP.values()) {
                try {
                  JsonObject c = new JsonObject(get(port, "/cluster"));
                  long members =
                      c.getJsonArray("members").stream()
                          .filter(o -> ((JsonObject) o).getBoolean("member", false))
                          .count();
                  if (members < count) {
                    return false;
                  }
                } catch (Exception e) {
                  return false;
                }
              }
              return true;
            });
  }

  private static String get(int port, String path) throws Exception {
    return HTTP_CLIENT
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", TestApiToken.bearer())
                .timeout(Duration.ofSeconds(2))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static Process node(OpenSipsTarget target, String id, Path logs) throws Exception {
    boolean a = id.equals("node-a");
    Map<String, String> s = new HashMap<>();
    s.put("NODE_ID", id);
    s.put("CLUSTER_MEMBERS", MEMBERS);
    s.put("CLUSTER_PORT", a ? "5811" : "5812");
    s.put("CLUSTER_INTERFACE", "127.0.0.1");
    s.put("CLUSTER_MAX_SILENCE_S", maxSilence);
    s.put("EVENT_PORT", a ? "18691" : "18692");
    s.put("HTTP_PORT", Integer.toString(HTTP.get(id)));
    s.put("RTP_MIN_PORT", "25600");
    s.put("RTP_MAX_PORT", "25619");
    s.put("RTP_TIMEOUT_S", "0");
    s.put("STATE_DIR", TestStateDir.fresh());
    s.put("MANAGEMENT_TOKEN", TestApiToken.MANAGEMENT);
    s.put("AI_FLAVOR", "echo");
    return ConnectorJvm.start(target, s, logs.resolve(id + ".log"));
  }
}
