package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.testdouble.SippResult;

/** The operator's surfaces on a running daemon: HTTP API, Prometheus metrics and the CLI. */
class ManagementAndCliE2eTest extends SippE2eTestBase {
  @TempDir Path dir;

  @BeforeEach
  void startDaemon() throws Exception {
    startConnector(Map.of());
  }

  @Test
  void healthReadyAndMetricsDescribeTheDaemon() throws Exception {
    assertThat(connector.http("GET", "/health").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = connector.http("GET", "/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()).getBoolean("subscribed")).isTrue();

    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-answer-bye.xml", Duration.ofSeconds(30)));
    assertThat(r.allCallsSucceeded()).isTrue();
    connector.awaitAnyEnded();
    String metrics = connector.http("GET", "/metrics").body();
    assertThat(metrics)
        .contains("oavc_calls_total{outcome=\"caller_bye\"} 1.0")
        .contains("oavc_calls_active 0.0")
        .contains("oavc_rtp_ports_in_use 0.0")
        .contains("oavc_mi_request_seconds_bucket")
        .contains("oavc_events_received_total")
        .contains("oavc_call_setup_seconds_count 1");
    assertThat(connector.http("GET", "/calls/B2B.1.2.3.4").statusCode()).isEqualTo(404);
  }

  @Test
  void readyTurnsFalseWhenDraining() throws Exception {
    connector.daemon.calls().drain(Duration.ofSeconds(5));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> connector.http("GET", "/ready").statusCode() == 503);
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-reject.xml", Duration.ofSeconds(20)));
    assertThat(SippCalls.messages(r)).contains("SIP/2.0 503 Service Unavailable");
    assertThat(connector.awaitAnyEnded().endCause()).isEqualTo(EndCause.REJECTED_DRAINING);
  }

  /** A lone node has nobody to hand its calls to: 409, and it goes on taking calls. */
  @Test
  void drainingALoneNodeIsRefusedAndChangesNothing() throws Exception {
    HttpResponse<String> drain = connector.http("POST", "/drain", "{}");
    assertThat(drain.statusCode()).as(drain.body()).isEqualTo(409);
    assertThat(new JsonObject(drain.body()).getString("error")).contains("no other node");
    assertThat(connector.http("POST", "/drain", "{\"within_s\": 0}").statusCode()).isEqualTo(400);
    assertThat(connector.http("POST", "/drain", "[1]").statusCode()).isEqualTo(400);
    assertThat(connector.daemon.calls().isHandingOver()).isFalse();
    SippResult r =
        SippCalls.await(SippCalls.place(target, "uac-answer-bye.xml", Duration.ofSeconds(30)));
    assertThat(r.allCallsSucceeded()).as("a call after the refused drain").isTrue();
  }

  @Test
  void cliSendsMiCommandsListsCallsAndHangsUp() throws Exception {
    Path cfg = dir.resolve("cli.env");
    Files.writeString(
        cfg,
        "MI_IP="
            + target.miAddress().getAddress().getHostAddress()
            + "\n"
            + "MI_PORT="
            + target.miAddress().getPort()
            + "\n"
            + "HTTP_PORT="
            + connector.daemon.httpPort()
            + "\n"
            + "MANAGEMENT_TOKEN="
            + org.oavc.connector.TestApiToken.MANAGEMENT
            + "\n");

    String[] out = new String[1];
    assertThat(cli(out, "mi", "--config", cfg.toString(), "version")).isEqualTo(0);
    assertThat(out[0]).contains("OpenSIPS (3.4");
    assertThat(cli(out, "mi", "--config", cfg.toString(), "ua_session_list", "key=garbage"))
        .isEqualTo(1);

    Future<SippResult> call = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    assertThat(cli(out, "calls", "--config", cfg.toString())).isEqualTo(0);
    assertThat(out[0]).contains(live.key()).contains("ACTIVE").contains("1 active call(s)");
    assertThat(cli(out, "mi", "--config", cfg.toString(), "ua_session_list", "key=" + live.key()))
        .isEqualTo(0);
    assertThat(out[0]).contains("\"to_tag\" : \"" + live.key() + "\"");
    assertThat(cli(out, "hangup", "--config", cfg.toString(), live.key())).isEqualTo(0);
    assertThat(SippCalls.await(call).allCallsSucceeded()).isTrue();
    assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.HANGUP);
    assertThat(cli(out, "hangup", "--config", cfg.toString(), live.key())).isEqualTo(3);
  }

  @Test
  void inDialogRequestForAnUnknownSessionGets481() throws Exception {
    var dbl = target.requireDouble();
    String event =
        "{\"jsonrpc\":\"2.0\",\"method\":\"E_UA_SESSION\",\"params\":{\"key\":"
            + "\"B2B.9.9.1795391999.99\",\"event_type\":\"UPDATED\",\"entity_type\":\"UAS\",\"status\":0,"
            + "\"reason\":null,\"method\":\"INFO\",\"body\":\"\",\"headers\":null}}";
    byte[] b = event.getBytes(StandardCharsets.UTF_8);
    try (DatagramSocket s = new DatagramSocket()) {
      s.send(
          new DatagramPacket(
              b, b.length, InetAddress.getLoopbackAddress(), connector.daemon.eventPort()));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                dbl.miRequests().stream()
                    .anyMatch(
                        w ->
                            w.text().contains("ua_session_reply")
                                && w.text().contains("B2B.9.9.1795391999.99")
                                && w.text().contains("\"code\":481")
                                && w.text().contains("\"method\":\"INFO\"")));
  }

  /** Runs the real picocli entry point; returns the exit code, stdout in {@code out[0]}. */
  private static int cli(String[] out, String... args) {
    CliRun run = CliRun.of(args);
    out[0] = run.out();
    return run.exit();
  }
}
