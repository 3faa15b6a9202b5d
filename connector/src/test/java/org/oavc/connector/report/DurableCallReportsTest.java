package org.oavc.connector.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports through a real HTTP receiver that goes down, comes back, fails and refuses. */
class DurableCallReportsTest {
  private static final String SECRET = "0123456789abcdef0123";
  private final Vertx vertx = Vertx.vertx();
  @TempDir Path state;

  @AfterEach
  void close() throws Exception {
    done(vertx.close());
  }

  private ReportOptions options(String url) {
    return new ReportOptions()
        .setFile(state.resolve("reports.jsonl"))
        .setOutboxDir(state.resolve("report-outbox"))
        .setWebhookUrl(url == null ? null : URI.create(url))
        .setWebhookSecret(SECRET)
        .setWebhookTimeoutMillis(2000)
        .setRetryMaxSeconds(1);
  }

  private static JsonObject report(String id) {
    return new JsonObject().put("id", id).put("key", "B2B.1." + id);
  }

  @Test
  void aReceiverThatWasDownGetsTheReportOnceItIsUpSignedAndKeyed() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver(vertx, SECRET).start(0);
    int port = receiver.port();
    receiver.stop(); // down
    CallReports reports =
        done(CallReports.start(vertx, options(receiver.url()), new SimpleMeterRegistry()));
    done(reports.submit(report("r1"), null));
    assertThat(Files.readAllLines(state.resolve("reports.jsonl")))
        .singleElement()
        .satisfies(l -> assertThat(new JsonObject(l).getString("id")).isEqualTo("r1"));
    assertThat(outboxFiles()).hasSize(1);
    Thread.sleep(1500); // a try or two against the closed port
    assertThat(reports.pending()).isEqualTo(1);

    receiver.start(port);
    await().atMost(Duration.ofSeconds(10)).until(() -> reports.pending() == 0);
    assertThat(receiver.received())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.idempotencyKey()).isEqualTo("r1");
              assertThat(r.signatureValid()).isTrue();
              assertThat(r.body().getString("key")).isEqualTo("B2B.1.r1");
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> outboxFiles().isEmpty());
    done(reports.close());
  }

  /**
   * A report backed off during an outage goes as soon as its receiver took another one, not when
   * its own backoff ends (that could be REPORT_RETRY_MAX_S after the receiver came back).
   */
  @Test
  void oneDeliveryBringsTheReceiversBackedOffReportsForward() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver(vertx, SECRET).start(0);
    int port = receiver.port();
    receiver.stop();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CallReports reports =
        done(CallReports.start(vertx, options(receiver.url()).setRetryMaxSeconds(3600), meters));
    done(reports.submit(report("early"), null));
    // failed at 0, 1 and 3 s: its own next try is 4 s after the third failure
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> meters.counter("oavc_report_deliveries_total", "result", "retry").count() >= 3);
    receiver.start(port);
    done(reports.submit(report("late"), null)); // sent at once, taken
    await("the backed-off report, before its own next try (4 s after the third failure)")
        .atMost(Duration.ofMillis(3000))
        .until(() -> reports.pending() == 0);
    assertThat(receiver.received())
        .extracting(WebhookReceiver.Received::idempotencyKey)
        .containsExactlyInAnyOrder("early", "late");
    done(reports.close());
  }

  @Test
  void serverErrorsAreRetriedWithTheSameKeyAndARefusalIsSetAside() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver(vertx, SECRET).start(0).answer(500, 503);
    CallReports reports =
        done(CallReports.start(vertx, options(receiver.url()), new SimpleMeterRegistry()));
    done(reports.submit(report("again"), null));
    await().atMost(Duration.ofSeconds(10)).until(() -> reports.pending() == 0);
    assertThat(receiver.received())
        .extracting(WebhookReceiver.Received::idempotencyKey)
        .containsExactly("again", "again", "again");

    receiver.answer(400);
    done(reports.submit(report("bad"), null));
    await().atMost(Duration.ofSeconds(10)).until(() -> reports.pending() == 0);
    Thread.sleep(1500); // no retry of a refused one
    assertThat(receiver.received()).hasSize(4);
    await().atMost(Duration.ofSeconds(5)).until(() -> rejectedFiles().size() == 1);
    assertThat(outboxFiles()).isEmpty();
    done(reports.close());
  }

  @Test
  void aNewStartSendsWhatTheLastRunLeftAndADeadReceiverHoldsUpOnlyItsOwn() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver(vertx, SECRET).start(0);
    int port = receiver.port();
    receiver.stop();
    CallReports first =
        done(CallReports.start(vertx, options(receiver.url()), new SimpleMeterRegistry()));
    done(first.submit(report("left-1"), null));
    done(first.submit(report("left-2"), null));
    done(first.close()); // as a kill would: the outbox keeps them

    WebhookReceiver other = new WebhookReceiver(vertx, SECRET).start(0);
    receiver.start(port);
    CallReports second =
        done(CallReports.start(vertx, options(receiver.url()), new SimpleMeterRegistry()));
    // a call's own receiver, up, while another one is down: not held up behind it
    WebhookReceiver dead = new WebhookReceiver(vertx, SECRET).start(0);
    String deadUrl = dead.url();
    dead.stop();
    done(second.submit(report("to-dead"), URI.create(deadUrl)));
    done(second.submit(report("own"), URI.create(other.url())));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> receiver.received().size() == 2 && other.received().size() == 1);
    assertThat(receiver.received())
        .extracting(WebhookReceiver.Received::idempotencyKey)
        .containsExactly("left-1", "left-2");
    assertThat(second.pending()).isEqualTo(1); // the dead one's
    done(second.close());
  }

  @Test
  void withoutAWebhookReportsOnlyGoToTheFileWhichRotates() throws Exception {
    CallReports reports =
        done(
            CallReports.start(
                vertx,
                options(null).setFileMaxBytes(100).setFileKeep(2),
                new SimpleMeterRegistry()));
    for (int i = 0; i < 5; i++) {
      done(reports.submit(report("n" + i).put("pad", "x".repeat(120)), null));
    }
    assertThat(reports.pending()).isZero();
    assertThat(outboxFiles()).isEmpty();
    done(reports.close());
    List<String> names;
    try (Stream<Path> files = Files.list(state)) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    // each report passes 100 bytes: every one rotates; two older files are kept
    assertThat(names)
        .contains("reports.jsonl.1", "reports.jsonl.2")
        .doesNotContain("reports.jsonl.3");
    assertThat(Files.readAllLines(state.resolve("reports.jsonl.1")))
        .singleElement()
        .satisfies(l -> assertThat(l).contains("\"n4\""));
  }

  private List<Path> outboxFiles() throws Exception {
    try (Stream<Path> s = Files.list(state.resolve("report-outbox"))) {
      return s.filter(p -> p.toString().endsWith(".json")).toList();
    }
  }

  private List<Path> rejectedFiles() throws Exception {
    try (Stream<Path> s = Files.list(state.resolve("report-outbox").resolve("rejected"))) {
      return s.toList();
    }
  }

  private static <T> T done(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
