package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.cluster.ReplicatedCall;
import org.oavc.connector.testdouble.SippOptions;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.SippRunner;

/**
 * Two clustered connectors subscribed to one OpenSIPS both get every event of every call: each call
 * is claimed by one of them, answered by that one only, and its re-INVITEs (hold, resume) are
 * answered by the owner while the other stays silent (a 481 from it would end the owner's call).
 */
class ClusterOwnershipE2eTest extends SippE2eTestBase {
  private ConnectorUnderTest other;

  @AfterEach
  void closeOther() throws Exception {
    if (other != null) {
      other.close();
    }
  }

  @Test
  void everyCallIsAnsweredByOneNodeAndTheOtherLeavesItsInDialogRequestsAlone() throws Exception {
    startTwoNodes(5795, "node-a", "node-b", 25700);

    int calls = 6;
    Future<SippResult> running =
        SippRunner.run(
            new SippOptions()
                .setScenario("uac-hold-resume.xml")
                .setTarget(target.sipAddress())
                .setCalls(calls)
                .setTimeout(Duration.ofSeconds(60)));
    // While a call lasts the cluster keeps its record, written by its owner.
    IMap<String, ReplicatedCall> records = other.daemon.cluster().hazelcast().getMap("oavc-calls");
    ReplicatedCall record =
        await("a live call's record")
            .atMost(Duration.ofSeconds(30))
            .until(() -> records.values().stream().findFirst().orElse(null), c -> c != null);
    assertThat(record.remoteSdp()).contains("m=audio");
    assertThat(record.localSdp()).contains("m=audio");
    assertThat(record.codec()).isNotBlank();
    assertThat(record.ptimeMs()).isPositive();
    assertThat(record.owner()).isIn("node-a", "node-b");
    assertThat(connector.daemon.cluster().hazelcast().getMap("oavc-call-owners").get(record.key()))
        .isEqualTo(record.owner());
    SippResult r = SippCalls.await(running);
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    assertThat(SippCalls.messages(r)).doesNotContain("SIP/2.0 481");

    await("every call ended on its owner")
        .atMost(Duration.ofSeconds(20))
        .until(() -> ended(connector).size() + ended(other).size() == calls);
    for (ConnectorUnderTest node : List.of(connector, other)) {
      String id = node.daemon.cluster().nodeId();
      for (CallView v : ended(node)) {
        assertThat(v.endCause()).isEqualTo(EndCause.CALLER_BYE);
        assertThat(v.owner()).isEqualTo(id);
      }
      // New calls only: a start-up sweep claims too (a real OpenSIPS may list leftover sessions).
      assertThat(newCallClaims(node, "won")).isEqualTo(ended(node).size());
      assertThat(newCallClaims(node, "lost")).isEqualTo(calls - ended(node).size());
      assertThat(
              org.oavc.connector.MeterTotals.total(
                  node.daemon.meters(), "oavc_events_unknown_key_total"))
          .isZero();
      node.awaitNoPortInUse();
    }
    await("no owner left in the cluster")
        .atMost(Duration.ofSeconds(10))
        .until(() -> connector.daemon.cluster().hazelcast().getMap("oavc-call-owners").isEmpty());
    assertThat(connector.daemon.cluster().hazelcast().getMap("oavc-rtp-leases").size()).isZero();
    assertThat(records.size()).as("records of ended calls").isZero();

    JsonObject recent =
        new JsonObject(connector.http("GET", "/calls").body()).getJsonArray("recent").isEmpty()
            ? new JsonObject(other.http("GET", "/calls").body())
            : new JsonObject(connector.http("GET", "/calls").body());
    assertThat(recent.getJsonArray("recent").getJsonObject(0).getString("owner"))
        .isIn("node-a", "node-b");
  }

  @Test
  void getClusterListsBothMembersWithTheirCallsAndLeasedPorts() throws Exception {
    startTwoNodes(5797, "node-c", "node-d", 25760);
    Future<SippResult> running =
        SippRunner.run(
            new SippOptions()
                .setScenario("uac-hold-resume.xml")
                .setTarget(target.sipAddress())
                .setTimeout(Duration.ofSeconds(60)));
    // The claim comes before the port lease: wait for both to show (a pair, or one port with
    // rtcp-mux), or the view may be read in between.
    JsonObject view =
        await("one call with its leased ports in the cluster view")
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> new JsonObject(other.http("GET", "/cluster").body()),
                v ->
                    callsIn(v) == 1
                        && v.getJsonArray("members").stream()
                            .map(m -> (JsonObject) m)
                            .anyMatch(
                                m ->
                                    m.getInteger("calls") == 1 && m.getInteger("leasedPorts") > 0));
    assertThat(view.getString("node")).isEqualTo("node-d");
    assertThat(view.getBoolean("alone")).isFalse();
    assertThat(view.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("node")))
        .containsExactly("node-c", "node-d");
    JsonObject owner =
        view.getJsonArray("members").stream()
            .map(m -> (JsonObject) m)
            .filter(m -> m.getInteger("calls") == 1)
            .findFirst()
            .orElseThrow();
    assertThat(owner.getBoolean("member")).isTrue();
    assertThat(owner.getInteger("leasedPorts")).isBetween(1, 2);
    assertThat(SippCalls.await(running).allCallsSucceeded()).isTrue();
    await("no call left in the view")
        .atMost(Duration.ofSeconds(20))
        .until(() -> callsIn(new JsonObject(connector.http("GET", "/cluster").body())) == 0);
  }

  /** Two clustered daemons on cluster ports base and base+1, sharing 40 RTP ports from rtpMin. */
  private void startTwoNodes(int base, String first, String second, int rtpMin) throws Exception {
    Map<String, String> shared =
        Map.of(
            "CLUSTER_MEMBERS", "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1),
            "RTP_MIN_PORT", Integer.toString(rtpMin),
            "RTP_MAX_PORT", Integer.toString(rtpMin + 39));
    startConnector(with(shared, "CLUSTER_PORT", Integer.toString(base), "NODE_ID", first));
    other =
        ConnectorUnderTest.start(
            target, with(shared, "CLUSTER_PORT", Integer.toString(base + 1), "NODE_ID", second));
    await("both members see each other")
        .atMost(Duration.ofSeconds(30))
        .until(() -> connector.daemon.cluster().members().size() == 2);
  }

  private static int callsIn(JsonObject clusterView) {
    return clusterView.getJsonArray("members").stream()
        .mapToInt(m -> ((JsonObject) m).getInteger("calls"))
        .sum();
  }

  private static List<CallView> ended(ConnectorUnderTest node) {
    return node.daemon.calls().registry().recent();
  }

  private static Map<String, String> with(Map<String, String> base, String... kv) {
    Map<String, String> m = new java.util.HashMap<>(base);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static double newCallClaims(ConnectorUnderTest node, String result) {
    return org.oavc.connector.MeterTotals.total(
        node.daemon.meters(),
        "oavc_cluster_call_claims_total",
        "result",
        result,
        "purpose",
        "new_call");
  }
}
