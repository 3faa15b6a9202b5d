package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.oavc.connector.TestApiToken;
import org.oavc.connector.TestStateDir;
import org.oavc.connector.ai.PcmuCaller;
import org.oavc.connector.cluster.ClusterMember;
import org.oavc.connector.cluster.ClusterOptions;
import org.oavc.connector.cluster.ReplicatedCall;
import org.oavc.connector.testdouble.SippOptions;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.SippRunner;

/**
 * Two connector JVMs in one cluster (and this test as a third, passive Hazelcast member that reads
 * the shared maps): a call answered by one of them, echoing the caller's RTP; that node is killed
 * with SIGKILL (or frozen, or drained). The other takes the call over: it re-INVITEs the caller
 * through OpenSIPS with its own port, the caller's RTP sent there comes back from it, the caller's
 * BYE ends the call there, and no owner, record or port lease is left in the cluster.
 */
class ClusterFailoverE2eTest extends SippE2eTestBase {
  private static final String MEMBERS = "127.0.0.1:5811,127.0.0.1:5812,127.0.0.1:5813";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theSurvivorReinvitesTheCallerAndCarriesTheCallOnAfterItsOwnerIsKilled() throws Exception {
    failOver(Loss.KILLED, false);
  }

  /**
   * A call node-a placed (POST /calls, recorded, with its own instructions): node-a is killed,
   * node-b re-INVITEs the called party and carries the call on as a placed call (its request's
   * fields kept), records its part, and ends it when asked.
   */
  @Test
  void aPlacedCallIsCarriedOnAndRecordedByTheSurvivorAfterItsPlacerIsKilled() throws Exception {
    failOver(Loss.KILLED, true);
  }

  /**
   * The owner frozen (SIGSTOP) past CLUSTER_MAX_SILENCE_S is declared dead and its call taken over;
   * woken up (SIGCONT) it finds the call is another node's and stops its media without any SIP: the
   * caller gets no second stream, and the survivor's call goes on to its normal end.
   */
  @Test
  void aFrozenOwnerWakesUpToFindItsCallMovedAndFallsSilent() throws Exception {
    failOver(Loss.FROZEN, false);
  }

  /**
   * POST /drain on the owner (a rolling restart's first step): the other node re-INVITEs the caller
   * to itself and carries the call on; the drained node answers with one call moved and none left,
   * and stops its stream only then, without any SIP of its own.
   */
  @Test
  void aDrainedOwnerHandsItsCallToTheOtherNodeWhileAlive() throws Exception {
    failOver(Loss.DRAINED, false);
  }

  /**
   * SIGTERM to the owner (a rolling restart's stop): it hands its call to the other node before it
   * exits, and the call goes on there.
   */
  @Test
  void aStoppedOwnerHandsItsCallOverBeforeItExits() throws Exception {
    failOver(Loss.STOPPED, false);
  }

  /** How the owner stops carrying the call. */
  private enum Loss {
    KILLED,
    FROZEN,
    DRAINED,
    STOPPED
  }

  /** {@code placed}: node-a places the call to a SIPp callee instead of a SIPp caller calling. */
  private void failOver(Loss loss, boolean placed) throws Exception {
    // The nodes' logs stay in target/ (not a temporary directory) so a failed run can be read.
    Path logs =
        Path.of(
            "target",
            "cluster-failover-logs",
            loss.name().toLowerCase() + (placed ? "-placed" : ""));
    java.nio.file.Files.createDirectories(logs);
    boolean freeze = loss == Loss.FROZEN;
    Vertx vertx = Vertx.vertx();
    ClusterMember observer = null;
    Map<String, Process> nodes = new HashMap<>();
    Map<String, Integer> httpPorts = Map.of("node-a", 18_631, "node-b", 18_632);
    try (PcmuCaller caller = new PcmuCaller(9);
        PcmuCaller answeredFrom = new PcmuCaller(9)) {
      observer =
          ClusterMember.join(
                  vertx,
                  new ClusterOptions()
                      .setMembers(List.of(MEMBERS.split(",")))
                      .setPort(5813)
                      .setBindInterface("127.0.0.1")
                      .setNodeId("observer")
                      // It holds no data: a CI run whose test JVM stalled had the observer
                      // declared dead right after the frozen owner, and the call's records,
                      // backed up on it, were lost with it. The two nodes carry the data, as
                      // in a real two-node deployment.
                      .setWatcher(true))
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      nodes.put("node-a", node("node-a", 5811, 18_691, logs));
      nodes.put("node-b", node("node-b", 5812, 18_692, logs));
      for (Map.Entry<String, Process> n : nodes.entrySet()) {
        ConnectorJvm.awaitReady(n.getValue(), httpPorts.get(n.getKey()));
      }
      ClusterMember cluster = observer;
      await("both connectors in the cluster")
          .atMost(Duration.ofSeconds(30))
          .until(() -> cluster.members().size() == 3);
      IMap<String, String> owners = cluster.hazelcast().getMap("oavc-call-owners");
      IMap<Integer, Object> leases = cluster.hazelcast().getMap("oavc-rtp-leases");
      IMap<String, Object> records = cluster.hazelcast().getMap("oavc-calls");

      Future<SippResult> call;
      if (placed) {
        SippCallee callee =
            SippCallee.start(
                "uas-failover.xml",
                1,
                false,
                Duration.ofSeconds(90),
                "-key",
                "caller_rtp",
                Integer.toString(caller.address().getPort()),
                "-key",
                "moved_rtp",
                Integer.toString(answeredFrom.address().getPort()));
        call = callee.run();
        HttpResponse<String> dialled =
            post(
                httpPorts.get("node-a"),
                "/calls",
                new JsonObject()
                    .put("to", callee.uri())
                    .put("record", true)
                    .put("instructions", "remind them of the appointment")
                    .encode());
        assertThat(dialled.statusCode()).as(dialled.body()).isEqualTo(202);
      } else {
        call =
            SippRunner.run(
                new SippOptions()
                    .setScenario("uac-failover.xml")
                    .setTarget(target.sipAddress())
                    .setTimeout(Duration.ofSeconds(90))
                    .addExtraArgs(
                        "-key", "caller_rtp", Integer.toString(caller.address().getPort())));
      }
      String key =
          await("the call owned by a node")
              .atMost(Duration.ofSeconds(30))
              .until(() -> owners.keySet().stream().findFirst().orElse(null), k -> k != null);
      String owner = owners.get(key);
      String survivor = owner.equals("node-a") ? "node-b" : "node-a";
      int firstPort =
          await("the owner's view of the call")
              .atMost(Duration.ofSeconds(20))
              .until(() -> rtpPort(httpPorts.get(owner), key), p -> p > 0);
      await("its record").atMost(Duration.ofSeconds(10)).until(() -> records.containsKey(key));
      caller.talking.set(true);
      caller.sendTo(firstPort);
      await("the owner echoes the caller's RTP")
          .atMost(Duration.ofSeconds(20))
          .until(() -> caller.lastSourcePort.get() == firstPort);
      if (placed) {
        await("its record says it is recorded")
            .atMost(Duration.ofSeconds(10))
            .until(() -> records.get(key) instanceof ReplicatedCall c && c.recorded());
      }

      Process failing = nodes.get(owner);
      HttpResponse<String> drained = null;
      long stoppedAt = 0;
      if (loss == Loss.DRAINED) {
        drained = post(httpPorts.get(owner), "/drain", "{\"within_s\": 20}");
      } else if (loss == Loss.STOPPED) {
        failing.destroy(); // SIGTERM: the daemon's stop runs
      } else if (freeze) {
        signal(failing, "STOP");
        stoppedAt = System.nanoTime();
      } else {
        failing.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no goodbye
      }

      await("the survivor owns the call")
          .atMost(Duration.ofSeconds(30))
          .until(() -> survivor.equals(owners.get(key)));
      int secondPort =
          await("the survivor's view of the call")
              .atMost(Duration.ofSeconds(20))
              .until(() -> rtpPort(httpPorts.get(survivor), key), p -> p > 0);
      // The far end answers the re-INVITE: the SIPp caller from the port it had, the SIPp callee
      // from another (its 200 names it). That one sends nothing, so only its answer (not the
      // latching on its packets) can tell the survivor where to send.
      PcmuCaller farEnd = placed ? answeredFrom : caller;
      if (placed) {
        caller.sendTo(0); // sends nothing from now on
      } else {
        caller.sendTo(secondPort); // as the re-INVITE's SDP tells the caller
      }
      await("RTP flows again, from the survivor, to where the far end's answer says")
          .atMost(Duration.ofSeconds(20))
          .until(() -> farEnd.lastSourcePort.get() == secondPort);
      if (loss == Loss.DRAINED) {
        assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
        JsonObject report = new JsonObject(drained.body());
        assertThat(report.getInteger("moved")).isEqualTo(1);
        assertThat(report.getInteger("left")).isZero();
        assertThat(recent(httpPorts.get(owner), key).getString("endCause")).isEqualTo("MOVED");
        assertOnlyTheNewOwnerStreams(caller, firstPort, secondPort);
      }
      if (loss == Loss.STOPPED) {
        assertThat(failing.waitFor(40, TimeUnit.SECONDS)).as("the stopped node exits").isTrue();
        assertThat(failing.exitValue()).isIn(0, 143); // its own exit, or the JVM's for SIGTERM
        assertThat(metrics(httpPorts.get(survivor)))
            .as("the stopped node hung nothing up: the call is still live on the other")
            .containsPattern("(?m)^oavc_calls_active 1\\.0$");
      }
      if (freeze) {
        // Frozen past CLUSTER_MAX_SILENCE_S by its own clock too: the others may declare a node
        // dead up to a heartbeat before that (CI run 23 woke it after 4.8 s, which it did not
        // count as a freeze; that window is a known gap, see docs/operations.md).
        long frozenFor = System.nanoTime() - stoppedAt;
        Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(6) - frozenFor / 1_000_000));
        signal(failing, "CONT");
        JsonObject moved =
            await("the woken node gave the call up")
                .atMost(Duration.ofSeconds(20))
                .until(() -> recent(httpPorts.get(owner), key), v -> v != null);
        assertThat(moved.getString("endCause")).isEqualTo("MOVED");
        assertOnlyTheNewOwnerStreams(caller, firstPort, secondPort);
        assertThat(survivor.equals(owners.get(key))).isTrue();
      }

      if (placed) {
        assertThat(owner).as("the placing node owns its call").isEqualTo("node-a");
        JsonObject carried = live(httpPorts.get(survivor), key);
        assertThat(carried.getString("direction")).isEqualTo("outbound");
        assertThat(carried.getString("to")).contains("sip:callee@127.0.0.1");
        String recording =
            await("the survivor records its part")
                .atMost(Duration.ofSeconds(10))
                .until(
                    () -> live(httpPorts.get(survivor), key).getString("recording"),
                    f -> f != null);
        await("the survivor's recording grows")
            .atMost(Duration.ofSeconds(10))
            .until(() -> java.nio.file.Files.size(Path.of(recording)) > 44 + 16_000);
        assertThat(
                http.send(
                        HttpRequest.newBuilder(
                                URI.create(
                                    "http://127.0.0.1:"
                                        + httpPorts.get(survivor)
                                        + "/calls/"
                                        + key))
                            .header("Authorization", TestApiToken.bearer())
                            .DELETE()
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .isEqualTo(202);
      }
      SippResult r = SippCalls.await(call);
      assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
      assertThat(SippCalls.messages(r)).contains("c=IN IP4 127.0.0.1");
      JsonObject ended =
          await("the call ended on the survivor")
              .atMost(Duration.ofSeconds(20))
              .until(() -> recent(httpPorts.get(survivor), key), v -> v != null);
      assertThat(ended.getString("endCause")).isEqualTo(placed ? "HANGUP" : "CALLER_BYE");
      assertThat(ended.getString("owner")).isEqualTo(survivor);
      await("nothing left in the cluster")
          .atMost(Duration.ofSeconds(20))
          .until(() -> owners.isEmpty() && records.isEmpty() && leases.isEmpty());
      assertThat(metrics(httpPorts.get(survivor)))
          .containsPattern("(?m)^oavc_cluster_calls_taken_over_total(\\{[^}]*\\})? 1\\.0$");
    } finally {
      for (Process p : nodes.values()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      if (observer != null) {
        observer.leave().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Once the old owner gave the call up, 50 more packets reach the caller from the new owner and
   * none from the old one.
   */
  private static void assertOnlyTheNewOwnerStreams(PcmuCaller caller, int oldPort, int newPort) {
    int fromOld = received(caller, oldPort);
    int fromNew = received(caller, newPort);
    await("more of the new owner's stream")
        .atMost(Duration.ofSeconds(10))
        .until(() -> received(caller, newPort) >= fromNew + 50);
    assertThat(received(caller, oldPort)).as("packets from the old owner").isEqualTo(fromOld);
  }

  private static int received(PcmuCaller caller, int fromPort) {
    java.util.concurrent.atomic.AtomicInteger n = caller.packetsBySource.get(fromPort);
    return n == null ? 0 : n.get();
  }

  private static void signal(Process p, String signal) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
        .inheritIO()
        .start()
        .waitFor(10, TimeUnit.SECONDS);
  }

  private Process node(String id, int clusterPort, int eventPort, Path logs) throws Exception {
    int httpPort = id.equals("node-a") ? 18_631 : 18_632;
    Map<String, String> s = new HashMap<>();
    s.put("NODE_ID", id);
    s.put("CLUSTER_MEMBERS", MEMBERS);
    s.put("CLUSTER_PORT", Integer.toString(clusterPort));
    s.put("CLUSTER_INTERFACE", "127.0.0.1");
    s.put("CLUSTER_HEARTBEAT_INTERVAL_S", "1");
    // The shipped default. With 3 s, one CI run on 2 busy cores saw the survivor itself fall
    // silent for 3 s (the observer suspected it too) and the frozen owner's call not taken over.
    s.put("CLUSTER_MAX_SILENCE_S", "5");
    s.put("EVENT_PORT", Integer.toString(eventPort));
    s.put("HTTP_PORT", Integer.toString(httpPort));
    s.put("RTP_MIN_PORT", "25600");
    s.put("RTP_MAX_PORT", "25619");
    s.put("RTP_TIMEOUT_S", "0");
    s.put("STATE_DIR", TestStateDir.fresh());
    s.put("MANAGEMENT_TOKEN", TestApiToken.MANAGEMENT);
    s.put("AI_FLAVOR", "echo");
    s.put("ECHO_DELAY_MS", "100");
    // the placed call's far end sends nothing after the move (see failOver): not a hang-up here
    s.put("OUTBOUND_MEDIA_TIMEOUT_MS", "60000");
    return ConnectorJvm.start(target, s, logs.resolve(id + ".log"));
  }

  /** The local RTP port of the live call {@code key} on the node, or -1. */
  private int rtpPort(int httpPort, String key) throws Exception {
    JsonArray live = calls(httpPort).getJsonArray("calls");
    for (Object o : live) {
      JsonObject c = (JsonObject) o;
      if (key.equals(c.getString("key")) && c.getInteger("localRtpPort") != null) {
        return c.getInteger("localRtpPort");
      }
    }
    return -1;
  }

  /** The live call {@code key} as the node's GET /calls shows it, or null. */
  private JsonObject live(int httpPort, String key) throws Exception {
    return listed(httpPort, "calls", key);
  }

  /** The ended call {@code key} among the node's recent calls, or null. */
  private JsonObject recent(int httpPort, String key) throws Exception {
    return listed(httpPort, "recent", key);
  }

  private JsonObject listed(int httpPort, String list, String key) throws Exception {
    for (Object o : calls(httpPort).getJsonArray(list)) {
      JsonObject c = (JsonObject) o;
      if (key.equals(c.getString("key"))) {
        return c;
      }
    }
    return null;
  }

  private JsonObject calls(int httpPort) throws Exception {
    return new JsonObject(get(httpPort, "/calls"));
  }

  private String metrics(int httpPort) throws Exception {
    return get(httpPort, "/metrics");
  }

  private HttpResponse<String> post(int httpPort, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .header("Authorization", TestApiToken.bearer())
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String get(int httpPort, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", TestApiToken.bearer())
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
