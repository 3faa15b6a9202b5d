package org.oavc.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.connector.report.CallReports;
import org.oavc.connector.report.ReportOptions;

/**
 * End-of-call report delivery after a receiver outage, with the shipped retry schedule (1 s,
 * doubling up to REPORT_RETRY_MAX_S, 300 s): reports are submitted evenly while the receiver is
 * down (connection refused), then it comes back; how long after its return each report arrives, and
 * how many came twice. Args: [reports per outage=100] [outages in seconds=10,60,180].
 */
public final class ReportDelivery {
  private ReportDelivery() {}

  public static void main(String[] args) throws Exception {
    int reports = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    String[] outages = (args.length > 1 ? args[1] : "10,60,180").split(",");
    System.out.printf("Report delivery after an outage (%s)%n%n", Percentiles.machine());
    System.out.println(
        "| receiver down for | reports | delivered | after its return p50 / p90 / max ms "
            + "| twice |");
    System.out.println("|---|---|---|---|---|");
    for (String o : outages) {
      run(reports, Integer.parseInt(o.trim()));
    }
    System.exit(0);
  }

  private static void run(int reports, int outageSeconds) throws Exception {
    Vertx vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory("oavc-report-bench");
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    ReportOptions options =
        new ReportOptions()
            .setFile(dir.resolve("reports.jsonl"))
            .setOutboxDir(dir.resolve("report-outbox"))
            .setWebhookUrl(URI.create("http://127.0.0.1:" + port + "/reports"))
            .setWebhookSecret("bench-secret-0123456789")
            .setRetryMaxSeconds(300);
    CallReports out =
        CallReports.start(vertx, options, new SimpleMeterRegistry())
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    long start = System.nanoTime();
    long spacing = TimeUnit.SECONDS.toNanos(outageSeconds) / reports;
    for (int i = 0; i < reports; i++) {
      long due = start + i * spacing;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      out.submit(new JsonObject().put("id", UUID.randomUUID().toString()).put("n", i), null)
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }
    long upAt = start + TimeUnit.SECONDS.toNanos(outageSeconds);
    TimeUnit.NANOSECONDS.sleep(Math.max(0, upAt - System.nanoTime()));
    Map<String, Long> first = new ConcurrentHashMap<>();
    AtomicInteger twice = new AtomicInteger();
    HttpServer receiver =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  long now = System.nanoTime();
                  String key = req.getHeader("Idempotency-Key");
                  if (key != null && first.putIfAbsent(key, now) != null) {
                    twice.incrementAndGet();
                  }
                  req.end().onComplete(v -> req.response().setStatusCode(204).end());
                })
            .listen(port, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    long up = System.nanoTime();
    long deadline = up + TimeUnit.SECONDS.toNanos(400);
    while (first.size() < reports && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    long[] after = new long[first.size()];
    int n = 0;
    for (long t : first.values()) {
      after[n++] = t - up;
    }
    Percentiles p = new Percentiles(after, n);
    System.out.printf(
        "| %d s | %d | %d | %.0f / %.0f / %.0f | %d |%n",
        outageSeconds,
        reports,
        n,
        p.micros(50) / 1000,
        p.micros(90) / 1000,
        p.micros(100) / 1000,
        twice.get());
    out.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    receiver.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
