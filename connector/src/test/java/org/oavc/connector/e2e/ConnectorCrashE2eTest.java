package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.connector.TestStateDir;
import org.oavc.connector.testdouble.SippResult;

/**
 * A connector JVM killed with SIGKILL mid-call leaves its caller in dead air, and a call that
 * arrives while no connector listens rings forever (OpenSIPS never times out an unanswered UA
 * session). The next connector started on the same STATE_DIR ends both: BYE for the answered call
 * it finds in the journal, 503 for the unanswered one the session list shows.
 */
class ConnectorCrashE2eTest extends SippE2eTestBase {

  @Test
  void theNextStartEndsTheCallsAKilledConnectorLeftBehind(@TempDir Path logs) throws Exception {
    String stateDir = TestStateDir.fresh();
    Process crashed = startConnectorJvm(stateDir, logs.resolve("crashed.log"));
    Future<SippResult> deadAir;
    try {
      ConnectorJvm.awaitReady(crashed, 18_600);
      deadAir = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(60));
      await("the call answered by the connector that will crash")
          .atMost(Duration.ofSeconds(20))
          .until(() -> sessions().stream().anyMatch(s -> answered((JsonObject) s)));
    } finally {
      crashed.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no BYE, no unsubscribe
    }
    assertThat(Files.readString(Path.of(stateDir, "calls.journal"))).startsWith("+B2B.");

    // OpenSIPS still sends NEW events to the dead connector's port: this call rings unheard
    Future<SippResult> unheard = SippCalls.place(target, "uac-reject.xml", Duration.ofSeconds(40));
    await("the unheard call is a session in OpenSIPS")
        .atMost(Duration.ofSeconds(10))
        .until(() -> sessions().size() == 2);

    startConnector(Map.of("STATE_DIR", stateDir));
    SippResult hungUp = SippCalls.await(deadAir);
    SippResult rejected = SippCalls.await(unheard);
    assertThat(hungUp.allCallsSucceeded()).as("BYE reached SIPp: %s", hungUp.outputDir()).isTrue();
    assertThat(SippCalls.messages(hungUp)).contains("BYE sip:caller@");
    assertThat(rejected.allCallsSucceeded())
        .as("503 reached SIPp: %s", rejected.outputDir())
        .isTrue();
    assertThat(SippCalls.messages(rejected))
        .contains("SIP/2.0 503 Service Unavailable", "Retry-After:");
    assertThat(connector.counter("oavc_calls_orphaned_total", "action", "hung_up")).isEqualTo(1);
    assertThat(connector.counter("oavc_calls_orphaned_total", "action", "rejected")).isEqualTo(1);
    await("no session left in OpenSIPS")
        .atMost(Duration.ofSeconds(10))
        .until(() -> sessions().isEmpty());
    // the journal keeps no key of what was ended
    await("journal emptied")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Files.readString(Path.of(stateDir, "calls.journal"))
                        .lines()
                        .filter(l -> l.startsWith("+"))
                        .count()
                    == Files.readString(Path.of(stateDir, "calls.journal"))
                        .lines()
                        .filter(l -> l.startsWith("-"))
                        .count());
  }

  private static boolean answered(JsonObject session) {
    return session.getInteger("state", -1) != 1;
  }

  private Process startConnectorJvm(String stateDir, Path log) throws Exception {
    return ConnectorJvm.start(
        target,
        Map.of(
            "EVENT_PORT", "18689",
            "HTTP_PORT", "18600",
            "RTP_MIN_PORT", "25900",
            "RTP_MAX_PORT", "25909",
            "STATE_DIR", stateDir),
        log);
  }

  /** OpenSIPS's sessions, asked over MI as any client would (keyless: a handful here). */
  private JsonArray sessions() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(2000);
      byte[] req =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ua_session_list\",\"params\":{}}"
              .getBytes(StandardCharsets.UTF_8);
      s.send(new DatagramPacket(req, req.length, target.miAddress()));
      DatagramPacket reply = new DatagramPacket(new byte[65536], 65536);
      s.receive(reply);
      JsonObject json =
          new JsonObject(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
      return json.getJsonArray("result", new JsonArray());
    }
  }
}
