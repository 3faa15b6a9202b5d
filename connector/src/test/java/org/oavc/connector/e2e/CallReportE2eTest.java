package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.connector.TestApiToken;
import org.oavc.connector.report.WebhookReceiver;
import org.oavc.connector.testdouble.SippResult;

/**
 * End-of-call reports of real SIPp calls: in the JSONL file and at a real HTTP receiver, signed;
 * and, with the receiver down, kept through a {@code kill -9} of the connector and delivered by the
 * next start.
 */
class CallReportE2eTest extends SippE2eTestBase {
  private static final String SECRET = "e2e-report-secret-0123";
  private final Vertx vertx = Vertx.vertx();
  @TempDir Path dir;

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aCallsReportIsWrittenAndPostedSignedOnceItEnds() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(vertx, SECRET).start(0)) {
      Path file = dir.resolve("reports.jsonl");
      startConnector(
          Map.of(
              "REPORT_FILE", file.toString(),
              "REPORT_WEBHOOK_URL", receiver.url(),
              "REPORT_WEBHOOK_SECRET", SECRET));
      SippResult r =
          SippCalls.await(SippCalls.place(target, "uac-answer-bye.xml", Duration.ofSeconds(30)));
      assertThat(r.allCallsSucceeded()).isTrue();
      String key = connector.awaitAnyEnded().key();

      WebhookReceiver.Received got =
          await("the report at the receiver")
              .atMost(Duration.ofSeconds(15))
              .until(() -> receiver.received(), l -> !l.isEmpty())
              .get(0);
      assertThat(got.signatureValid()).isTrue();
      JsonObject report = got.body();
      assertThat(got.idempotencyKey()).isEqualTo(report.getString("id"));
      assertThat(report.getString("key")).isEqualTo(key);
      assertThat(report.getString("direction")).isEqualTo("inbound");
      assertThat(report.getString("endCause")).isEqualTo("CALLER_BYE");
      assertThat(report.getInteger("finalStatus")).isEqualTo(200);
      assertThat(report.getLong("talkingMs")).isPositive();
      assertThat(report.getLong("ringingMs")).isNotNegative();
      assertThat(report.getString("answeredAt")).isNotNull();
      assertThat(report.getInteger("version")).isEqualTo(1);
      assertThat(Files.readAllLines(file))
          .singleElement()
          .satisfies(
              l -> assertThat(new JsonObject(l).getString("id")).isEqualTo(got.idempotencyKey()));
      assertThat(connector.http("GET", "/metrics").body())
          .contains("oavc_reports_total{result=\"written\"} 1.0")
          .contains("oavc_report_deliveries_total{result=\"delivered\"} 1.0")
          .contains("oavc_reports_pending 0.0");
    }
  }

  @Test
  void liveStatusEventsComeSignedAndInOrderBesideTheReport() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(vertx, SECRET).start(0)) {
      startConnector(
          Map.of(
              "REPORT_FILE",
              dir.resolve("reports.jsonl").toString(),
              "REPORT_WEBHOOK_URL",
              receiver.url(),
              "REPORT_WEBHOOK_SECRET",
              SECRET,
              "REPORT_STATUS_EVENTS",
              "true"));
      // The caller waits for our BYE: answered for sure before it ends (a caller's BYE can
      // overtake our 200's confirmation, and then the call was never answered).
      io.vertx.core.Future<SippResult> sipp =
          SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(30));
      String key = connector.awaitLiveCall(org.oavc.connector.call.CallState.ACTIVE).key();
      assertThat(connector.http("DELETE", "/calls/" + key).statusCode()).isEqualTo(202);
      assertThat(SippCalls.await(sipp).allCallsSucceeded()).isTrue();

      List<WebhookReceiver.Received> got =
          await("three status events and the report")
              .atMost(Duration.ofSeconds(15))
              .until(receiver::received, l -> l.size() >= 4);
      List<JsonObject> status =
          got.stream()
              .map(WebhookReceiver.Received::body)
              .filter(b -> "status".equals(b.getString("type")))
              .toList();
      assertThat(status)
          .extracting(b -> b.getString("event"))
          .containsExactly("ringing", "answered", "ended");
      assertThat(status).extracting(b -> b.getInteger("seq")).containsExactly(1, 2, 3);
      assertThat(status)
          .allSatisfy(b -> assertThat(b.getJsonObject("call").getString("key")).isEqualTo(key));
      assertThat(status.get(2).getJsonObject("call").getString("endCause")).isEqualTo("HANGUP");
      assertThat(got).allMatch(WebhookReceiver.Received::signatureValid);
      assertThat(got.stream().filter(g -> g.body().getString("type") == null).count())
          .as("the report, apart from the events")
          .isEqualTo(1);
      assertThat(connector.counter("oavc_status_events_total", "result", "delivered"))
          .isEqualTo(3.0);
    }
  }

  @Test
  void reportsPendingWhenTheConnectorIsKilledAreDeliveredAfterItsRestart(@TempDir Path logs)
      throws Exception {
    WebhookReceiver receiver = new WebhookReceiver(vertx, SECRET).start(0);
    int receiverPort = receiver.port();
    receiver.stop(); // down for the whole first run
    Path state = dir.resolve("state");
    Map<String, String> s = new HashMap<>();
    s.put("STATE_DIR", state.toString());
    s.put("HTTP_PORT", "18641");
    s.put("EVENT_PORT", "18695");
    s.put("RTP_MIN_PORT", "25620");
    s.put("RTP_MAX_PORT", "25639");
    s.put("MANAGEMENT_TOKEN", TestApiToken.MANAGEMENT);
    s.put("REPORT_WEBHOOK_URL", receiver.url());
    s.put("REPORT_WEBHOOK_SECRET", SECRET);
    s.put("REPORT_RETRY_MAX_S", "1");
    Process first = ConnectorJvm.start(target, s, logs.resolve("first.log"));
    Process second = null;
    try {
      ConnectorJvm.awaitReady(first, 18641);
      SippResult r =
          SippCalls.await(SippCalls.place(target, "uac-answer-bye.xml", Duration.ofSeconds(30)));
      assertThat(r.allCallsSucceeded()).isTrue();
      await("the report waits in the outbox")
          .atMost(Duration.ofSeconds(15))
          .until(() -> outbox(state).size() == 1);
      first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL, report undelivered
      assertThat(Files.readAllLines(state.resolve("reports.jsonl"))).hasSize(1);

      receiver.start(receiverPort);
      second = ConnectorJvm.start(target, s, logs.resolve("second.log"));
      ConnectorJvm.awaitReady(second, 18641);
      await("the report delivered by the restarted connector")
          .atMost(Duration.ofSeconds(20))
          .until(() -> !receiver.received().isEmpty());
      WebhookReceiver.Received got = receiver.received().get(0);
      assertThat(got.signatureValid()).isTrue();
      assertThat(got.body().getString("endCause")).isEqualTo("CALLER_BYE");
      assertThat(got.idempotencyKey())
          .isEqualTo(
              new JsonObject(Files.readAllLines(state.resolve("reports.jsonl")).get(0))
                  .getString("id"));
      await("the outbox emptied")
          .atMost(Duration.ofSeconds(10))
          .until(() -> outbox(state).isEmpty());
    } finally {
      first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      if (second != null) {
        second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      receiver.close();
    }
  }

  private static List<Path> outbox(Path state) throws Exception {
    Path box = state.resolve("report-outbox");
    if (!Files.isDirectory(box)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(box)) {
      return files.filter(p -> p.toString().endsWith(".json")).toList();
    }
  }
}
