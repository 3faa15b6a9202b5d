package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.testdouble.SippResult;

/**
 * Calls the daemon places (POST /calls) through OpenSIPS (the double, or a real one with
 * advertised_contact in its cfg) to SIPp playing the called party, as in wire samples 17: answered
 * with RTP both ways, hung up by us; hung up by the called party, which OpenSIPS does not report,
 * found in the media; busy; never answered, cancelled at our ring timeout; early media to the agent
 * only when its flavor wants it; and the queue bound.
 */
class OutboundE2eTest extends SippE2eTestBase {
  private static final Map<String, String> SETTINGS = Map.of("OUTBOUND_MEDIA_TIMEOUT_MS", "1000");

  private static SippCallee callee(String scenario, int calls, boolean echo) throws Exception {
    return SippCallee.start(scenario, calls, echo, Duration.ofSeconds(40));
  }

  private HttpResponse<String> dial(JsonObject body) throws Exception {
    return connector.http("POST", "/calls", body.encode());
  }

  /** POST /calls, which must be taken; yields the key. */
  private String dialed(JsonObject body) throws Exception {
    HttpResponse<String> r = dial(body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return new JsonObject(r.body()).getString("key");
  }

  private double queued() {
    org.oavc.connector.MeterTotals.requireDocumented("oavc_outbound_queued");
    return connector.daemon.meters().find("oavc_outbound_queued").gauge().value();
  }

  @Test
  void answeredCallCarriesMediaBothWaysUntilWeHangUp() throws Exception {
    startConnector(SETTINGS);
    SippCallee callee = callee("uas-answer-wait-bye.xml", 1, true);
    // the test connector runs no AI (AI_FLAVOR=none): the request's flavor gives this call one;
    // nothing is recorded by the settings: the request's "record" asks for it
    String key =
        dialed(new JsonObject().put("to", callee.uri()).put("flavor", "echo").put("record", true));

    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    assertThat(live.key()).isEqualTo(key);
    if (target.isDouble()) {
      // OpenSIPS' session limit as for inbound calls: the net under a call we lose track of
      assertThat(target.requireDouble().miRequests())
          .anyMatch(w -> w.text().contains("\"flags\":\"rbht14400\""));
    }
    JsonObject json =
        await("the agent on the call")
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> new JsonObject(connector.http("GET", "/calls/" + key).body()),
                j -> j.getJsonObject("ai") != null);
    assertThat(json.getString("direction")).isEqualTo("outbound");
    assertThat(json.getString("mediaDirection")).isEqualTo("sendrecv");
    assertThat(json.getJsonObject("ai").getString("flavor")).isEqualTo("echo");
    await("RTP from the called party (SIPp's echo of ours)")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> connector.daemon.calls().registry().find(key).orElseThrow().rtpPacketsIn() > 25);

    assertThat(connector.http("DELETE", "/calls/" + key).statusCode()).isEqualTo(202);
    CallView ended = connector.awaitEnded(key);
    assertThat(ended.endCause()).isEqualTo(EndCause.HANGUP);
    assertThat(ended.finalStatus()).isEqualTo(200);
    assertThat(ended.outbound()).isTrue();
    assertThat(ended.recording()).as("recorded as the request asked").endsWith(".wav");
    assertThat(connector.httpBytes("/calls/" + key + "/recording").statusCode()).isEqualTo(200);
    SippResult r = callee.result();
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    connector.awaitNoPortInUse();
  }

  /** 17 call 1: its BYE is answered 200 without any event; the silence after it ends the call. */
  @Test
  void calledPartyHangUpIsFoundInTheMedia() throws Exception {
    startConnector(SETTINGS);
    SippCallee callee = callee("uas-answer-bye.xml", 1, true);
    String key = dialed(new JsonObject().put("to", callee.uri()));

    connector.awaitLiveCall(CallState.ACTIVE);
    SippResult r = callee.result(); // SIPp sent its BYE, got 200 and stopped echoing
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    CallView ended = connector.awaitEnded(key);
    assertThat(ended.endCause()).isEqualTo(EndCause.CALLEE_HANGUP);
    assertThat(ended.rtpPacketsIn()).isPositive();
    assertThat(connector.counter("oavc_calls_total", "outcome", "callee_hangup")).isEqualTo(1);
    connector.awaitNoPortInUse();
  }

  @Test
  void busyCalledPartyEndsTheCallWithItsStatus() throws Exception {
    startConnector(SETTINGS);
    SippCallee callee = callee("uas-busy.xml", 1, false);
    String key = dialed(new JsonObject().put("to", callee.uri()));

    CallView ended = connector.awaitEnded(key);
    assertThat(ended.endCause()).isEqualTo(EndCause.CALLEE_BUSY);
    assertThat(ended.finalStatus()).isEqualTo(486);
    assertThat(callee.result().allCallsSucceeded()).isTrue();
    connector.awaitNoPortInUse();
  }

  /**
   * A placed call's own report_url gets its end-of-call report (signed, with the callee's status),
   * and the default receiver does not.
   */
  @Test
  void aPlacedCallsReportGoesToItsOwnReceiver() throws Exception {
    String secret = "outbound-report-secret";
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try (org.oavc.connector.report.WebhookReceiver own =
            new org.oavc.connector.report.WebhookReceiver(vertx, secret).start(0);
        org.oavc.connector.report.WebhookReceiver fallback =
            new org.oavc.connector.report.WebhookReceiver(vertx, secret).start(0)) {
      startConnector(
          Map.of(
              "OUTBOUND_MEDIA_TIMEOUT_MS",
              "1000",
              "REPORT_WEBHOOK_URL",
              fallback.url(),
              "REPORT_WEBHOOK_SECRET",
              secret));
      SippCallee callee = callee("uas-busy.xml", 1, false);
      String key = dialed(new JsonObject().put("to", callee.uri()).put("report_url", own.url()));
      connector.awaitEnded(key);
      JsonObject report =
          await("the report at the call's receiver")
              .atMost(Duration.ofSeconds(15))
              .until(own::received, l -> !l.isEmpty())
              .get(0)
              .body();
      assertThat(own.received().get(0).signatureValid()).isTrue();
      assertThat(report.getString("key")).isEqualTo(key);
      assertThat(report.getString("direction")).isEqualTo("outbound");
      assertThat(report.getString("endCause")).isEqualTo("CALLEE_BUSY");
      assertThat(report.getInteger("finalStatus")).isEqualTo(486);
      assertThat(report.getLong("talkingMs")).isZero();
      assertThat(fallback.received()).isEmpty();
    } finally {
      vertx
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** Our ring timeout (below fr_inv_timeout) sends CANCEL; SIPp answers it 200 and 487. */
  @Test
  void unansweredCallIsCancelledAtTheRingTimeout() throws Exception {
    startConnector(SETTINGS);
    SippCallee callee = callee("uas-ring-cancel.xml", 1, false);
    String key = dialed(new JsonObject().put("to", callee.uri()).put("ring_timeout_s", 1));

    CallView ended = connector.awaitEnded(key);
    assertThat(ended.endCause()).isEqualTo(EndCause.NO_ANSWER);
    SippResult r = callee.result(); // it saw the CANCEL and had its 487 ACKed
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    connector.awaitNoPortInUse();
  }

  /**
   * One call at a time and a queue of one: the second request waits for the first call to end, the
   * third finds the queue full (429) while the first still rings.
   */
  @Test
  void requestsBeyondTheLimitQueueAndAFullQueueRefuses() throws Exception {
    startConnector(
        Map.of(
            "OUTBOUND_MEDIA_TIMEOUT_MS", "1000",
            "OUTBOUND_MAX_CONCURRENT", "1",
            "OUTBOUND_QUEUE_SIZE", "1"));
    SippCallee callee = callee("uas-ring-cancel.xml", 2, false);
    JsonObject call = new JsonObject().put("to", callee.uri()).put("ring_timeout_s", 2);
    String first = dialed(call);
    var second =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return dial(call);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    await("the second request queued").atMost(Duration.ofSeconds(5)).until(() -> queued() == 1);
    HttpResponse<String> third = dial(call);
    assertThat(third.statusCode()).as(third.body()).isEqualTo(429);
    assertThat(second).isNotDone();

    assertThat(connector.awaitEnded(first).endCause()).isEqualTo(EndCause.NO_ANSWER);
    HttpResponse<String> placed = second.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
    String key = new JsonObject(placed.body()).getString("key");
    assertThat(connector.awaitEnded(key).endCause()).isEqualTo(EndCause.NO_ANSWER);
    assertThat(callee.result().allCallsSucceeded()).isTrue();
    assertThat(connector.counter("oavc_outbound_requests_total", "result", "queue_full"))
        .isEqualTo(1);
  }

  /** A call with the echo flavor that may ring this long. */
  private String dialEchoFlavor(SippCallee callee, int ringS) throws Exception {
    return dialed(
        new JsonObject()
            .put("to", callee.uri())
            .put("flavor", "echo")
            .put("ring_timeout_s", ringS));
  }

  /** A flavor in OUTBOUND_EARLY_MEDIA_FLAVORS gets the call at the 183, while it still rings. */
  @Test
  void earlyMediaGoesToTheAgentWhenItsFlavorWantsIt() throws Exception {
    startConnector(
        Map.of("OUTBOUND_MEDIA_TIMEOUT_MS", "1000", "OUTBOUND_EARLY_MEDIA_FLAVORS", "echo"));
    SippCallee callee = callee("uas-early-ring-cancel.xml", 1, true);
    String key = dialEchoFlavor(callee, 2);

    await("the agent on the call and RTP both ways while it rings")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> new JsonObject(connector.http("GET", "/calls/" + key).body()),
            j ->
                "SETTING_UP".equals(j.getString("state"))
                    && j.getJsonObject("ai") != null
                    && j.getLong("rtpPacketsIn") > 0);
    assertThat(connector.awaitEnded(key).endCause()).isEqualTo(EndCause.NO_ANSWER);
    assertThat(callee.result().allCallsSucceeded()).isTrue();
  }

  /** By default a 183's SDP changes nothing: no agent, no RTP until a 200 that never comes. */
  @Test
  void earlyMediaStaysSilentByDefault() throws Exception {
    startConnector(SETTINGS);
    SippCallee callee = callee("uas-early-ring-cancel.xml", 1, true);
    String key = dialEchoFlavor(callee, 2);

    CallView ended = connector.awaitEnded(key);
    assertThat(ended.endCause()).isEqualTo(EndCause.NO_ANSWER);
    assertThat(ended.rtpPacketsIn()).isZero();
    assertThat(connector.counter("oavc_ai_sessions_total", "outcome", "started")).isZero();
    assertThat(callee.result().allCallsSucceeded()).isTrue();
  }

  /** oavc dial places the call and prints its key; a bad URI is refused with exit code 3. */
  @Test
  void cliDialPlacesTheCall(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    startConnector(SETTINGS);
    java.nio.file.Path cfg = dir.resolve("cli.env");
    java.nio.file.Files.writeString(
        cfg,
        "HTTP_PORT="
            + connector.daemon.httpPort()
            + "\nMANAGEMENT_TOKEN="
            + org.oavc.connector.TestApiToken.MANAGEMENT
            + "\n");
    SippCallee callee = callee("uas-ring-cancel.xml", 1, false);

    CliRun run = CliRun.of("dial", "--config", cfg.toString(), "--ring-timeout", "1", callee.uri());
    assertThat(run.exit()).as(run.out()).isEqualTo(0);
    // the daemon in this JVM logs to the same stdout: the key is the line that is nothing else
    String key =
        run.out()
            .lines()
            .filter(l -> l.matches("B2B(\\.\\d+){4}"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no key printed: " + run.out()));
    assertThat(connector.awaitEnded(key).endCause()).isEqualTo(EndCause.NO_ANSWER);
    assertThat(callee.result().allCallsSucceeded()).isTrue();

    CliRun bad = CliRun.of("dial", "--config", cfg.toString(), "<sip:x@127.0.0.1>");
    assertThat(bad.exit()).isEqualTo(3);
  }

  /** A cfg without advertised_contact (17): OpenSIPS refuses every call; 502, nothing held. */
  @Test
  void openSipsRefusalIsA502() throws Exception {
    target.requireDouble();
    target.close();
    target =
        org.oavc.connector.testdouble.OpenSipsTarget.fromEnvironment(
            Map.of(),
            new org.oavc.connector.testdouble.OpenSipsDoubleOptions().setAdvertisedContact(null));
    startConnector(SETTINGS);

    HttpResponse<String> r = dial(new JsonObject().put("to", "sip:callee@127.0.0.1:5999"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
    assertThat(r.body()).contains("Failed to start session");
    assertThat(connector.counter("oavc_outbound_requests_total", "result", "mi_error"))
        .isEqualTo(1);
    assertThat(connector.daemon.calls().registry().live()).isEmpty();
    connector.awaitNoPortInUse();
  }

  @Test
  void badRequestsAreRefusedWithTheFieldNamed() throws Exception {
    startConnector(SETTINGS);
    Map<JsonObject, String> bad =
        Map.of(
            new JsonObject(),
            "'to' is required",
            new JsonObject().put("to", "<sip:a@127.0.0.1>"),
            "not a bare sip",
            new JsonObject().put("to", "sip:a@127.0.0.1").put("ring", 3),
            "unknown field 'ring'",
            new JsonObject().put("to", "sip:a@127.0.0.1").put("amd", "yes"),
            "'amd' must be true or false",
            new JsonObject().put("to", "sip:a@127.0.0.1").put("voicemail_message", "hi"),
            "'voicemail_message' needs",
            new JsonObject().put("to", "sip:a@127.0.0.1").put("ring_timeout_s", 0),
            "ring_timeout_s",
            new JsonObject()
                .put("to", "sip:a@127.0.0.1")
                .put("headers", new JsonObject().put("Via", "x")),
            "only X- headers",
            new JsonObject()
                .put("to", "sip:a@127.0.0.1")
                .put("headers", new JsonObject().put("X-A", "1\r\nVia: x")),
            "printable");
    for (Map.Entry<JsonObject, String> e : bad.entrySet()) {
      HttpResponse<String> r = dial(e.getKey());
      assertThat(r.statusCode()).as(e.getKey().encode()).isEqualTo(400);
      assertThat(r.body()).as(e.getKey().encode()).contains(e.getValue());
    }
    HttpResponse<String> notJson = connector.http("POST", "/calls", "{not json");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(connector.daemon.calls().registry().live()).isEmpty();
  }
}
