package org.oavc.connector.report.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.oavc.connector.report.CallReports;
import org.oavc.connector.report.ReportOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports to a JSONL file and, through a durable outbox, to webhooks. One report is in flight at a
 * time; one that fails waits (1 s, doubling up to REPORT_RETRY_MAX_S) behind the others, so a dead
 * receiver holds up only its own reports. A 2xx takes a report out of the outbox; a 4xx other than
 * 408 and 429 says it will never be taken, and it goes to {@code rejected/}. All state lives on one
 * context; file work runs on its ordered worker.
 */
public final class DurableCallReports implements CallReports {
  private static final Logger log = LoggerFactory.getLogger("oavc.report");
  private static final long FIRST_RETRY_MS = 1000;

  private final Vertx vertx;
  private final Context ctx;
  private final ReportOptions options;
  private final ReportFile file;
  private final ReportOutbox outbox;
  private final WebClient client;
  private final List<Pending> queue = new ArrayList<>();
  private boolean sending;
  private long timer = -1;
  private long timerDueNanos;
  private boolean closed;
  private final Counter written;
  private final Counter delivered;
  private final Counter retried;
  private final Counter rejected;
  private final Counter dropped;
  private final Counter fileFailed;

  /** A report waiting for its receiver, with its own retry schedule. */
  private static final class Pending {
    final ReportOutbox.Entry entry;
    int attempts;
    long notBeforeNanos;

    Pending(ReportOutbox.Entry entry) {
      this.entry = entry;
    }
  }

  private DurableCallReports(Vertx vertx, ReportOptions options, MeterRegistry meters) {
    this.vertx = vertx;
    this.ctx = vertx.getOrCreateContext();
    this.options = options;
    this.file = new ReportFile(options.getFile(), options.getFileMaxBytes(), options.getFileKeep());
    this.outbox = new ReportOutbox(options.getOutboxDir());
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("oavc-reports")
                .setFollowRedirects(false)
                .setConnectTimeout(options.getWebhookTimeoutMillis()));
    this.written = counter(meters, "oavc_reports_total", "result", "written");
    this.fileFailed = counter(meters, "oavc_reports_total", "result", "file_failed");
    this.delivered = counter(meters, "oavc_report_deliveries_total", "result", "delivered");
    this.retried = counter(meters, "oavc_report_deliveries_total", "result", "retry");
    this.rejected = counter(meters, "oavc_report_deliveries_total", "result", "rejected");
    this.dropped = counter(meters, "oavc_report_deliveries_total", "result", "dropped");
    Gauge.builder("oavc_reports_pending", this, DurableCallReports::pending)
        .description("reports in the outbox waiting for their receiver")
        .register(meters);
  }

  private static Counter counter(MeterRegistry m, String name, String tag, String value) {
    return Counter.builder(name).tag(tag, value).register(m);
  }

  public static Future<CallReports> start(Vertx vertx, ReportOptions options, MeterRegistry m) {
    DurableCallReports r = new DurableCallReports(vertx, options, m);
    return r.ctx
        .executeBlocking(r.outbox::load, true)
        .map(
            left -> {
              left.forEach(e -> r.queue.add(new Pending(e)));
              if (!left.isEmpty()) {
                log.info("report outbox: {} report(s) left by a previous run", left.size());
              }
              r.sendNext();
              return (CallReports) r;
            });
  }

  @Override
  public Future<Void> submit(JsonObject report, URI url) {
    URI target = url != null ? url : options.getWebhookUrl();
    return ctx.<ReportOutbox.Entry>executeBlocking(
            () -> {
              try {
                file.append(report.encode());
                written.increment();
              } catch (java.io.IOException e) {
                fileFailed.increment();
                log.error("report {} not written to {}: {}", id(report), options.getFile(), e);
                if (target == null) {
                  throw e;
                }
              }
              return target == null ? null : outbox.put(target, report);
            },
            true)
        .map(
            entry -> {
              if (entry != null) {
                ctx.runOnContext(v -> enqueue(entry));
              }
              return (Void) null;
            });
  }

  private void enqueue(ReportOutbox.Entry entry) {
    queue.add(new Pending(entry));
    while (queue.size() > options.getOutboxMax()) {
      Pending oldest = queue.stream().min(Comparator.comparing(p -> p.entry.name())).orElseThrow();
      queue.remove(oldest);
      dropped.increment();
      log.error(
          "report outbox full ({}): report {} dropped (it stays in {})",
          options.getOutboxMax(),
          id(oldest.entry.report()),
          options.getFile());
      ctx.executeBlocking(() -> rejectQuietly(oldest.entry), true);
    }
    sendNext();
  }

  /** Sends the first report due; when none is due, wakes up when the earliest is. */
  private void sendNext() {
    if (sending || closed || queue.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    Pending due = null;
    long earliest = Long.MAX_VALUE;
    for (Pending p : queue) {
      if (p.notBeforeNanos - now <= 0) {
        due = p;
        break;
      }
      earliest = Math.min(earliest, p.notBeforeNanos);
    }
    if (due == null) {
      if (timer >= 0 && earliest - timerDueNanos < 0) {
        vertx.cancelTimer(timer); // a report due before the one the timer waits for
        timer = -1;
      }
      if (timer < 0) {
        long waitMs = Math.max(1, (earliest - now) / 1_000_000);
        timerDueNanos = earliest;
        timer =
            vertx.setTimer(
                waitMs,
                t -> {
                  timer = -1;
                  sendNext();
                });
      }
      return;
    }
    sending = true;
    Pending p = due;
    String body = p.entry.report().encode();
    WebhookSignature.post(
            client,
            p.entry.url().toString(),
            options.getWebhookTimeoutMillis(),
            options.getWebhookSecret(),
            id(p.entry.report()),
            body)
        .onComplete(
            ar -> {
              sending = false;
              outcome(p, ar.succeeded() ? ar.result() : null, ar.cause());
              sendNext();
            });
  }

  private void outcome(Pending p, HttpResponse<Buffer> response, Throwable failure) {
    int status = response == null ? 0 : response.statusCode();
    String id = id(p.entry.report());
    if (status >= 200 && status < 300) {
      queue.remove(p);
      delivered.increment();
      if (p.attempts > 0) {
        log.info("report {} delivered after {} failed tries", id, p.attempts);
      }
      ctx.executeBlocking(() -> deleteQuietly(p.entry), true);
      bringForward(p.entry.url());
    } else if (status >= 400 && status < 500 && status != 408 && status != 429) {
      queue.remove(p);
      rejected.increment();
      log.error("report {} refused by {} with {}: kept in rejected/", id, host(p), status);
      ctx.executeBlocking(() -> rejectQuietly(p.entry), true);
    } else {
      p.attempts++;
      long backoffMs =
          Math.min(
              FIRST_RETRY_MS << Math.min(p.attempts - 1, 20), options.getRetryMaxSeconds() * 1000L);
      p.notBeforeNanos = System.nanoTime() + backoffMs * 1_000_000L;
      retried.increment();
      String why = failure != null ? failure.toString() : "HTTP " + status;
      if (Integer.bitCount(p.attempts) == 1) { // after the 1st, 2nd, 4th, 8th... failure
        log.warn(
            "report {} not delivered to {} ({}); try {} in {} ms",
            id,
            host(p),
            why,
            p.attempts + 1,
            backoffMs);
      }
    }
  }

  /**
   * The receiver at {@code url} took a report: the others waiting for it need not wait out their
   * backoff (up to REPORT_RETRY_MAX_S after an outage); they go now, one after the other as always.
   */
  private void bringForward(java.net.URI url) {
    long now = System.nanoTime();
    for (Pending q : queue) {
      if (q.attempts > 0 && q.notBeforeNanos - now > 0 && sameReceiver(q.entry.url(), url)) {
        q.notBeforeNanos = now;
      }
    }
  }

  private static boolean sameReceiver(java.net.URI a, java.net.URI b) {
    return java.util.Objects.equals(a.getScheme(), b.getScheme())
        && java.util.Objects.equals(a.getHost(), b.getHost())
        && a.getPort() == b.getPort();
  }

  private Void deleteQuietly(ReportOutbox.Entry e) {
    try {
      outbox.delete(e);
    } catch (java.io.IOException x) {
      log.error(
          "report outbox: {} not deleted (it will be sent again): {}", e.name(), x.toString());
    }
    return null;
  }

  private Void rejectQuietly(ReportOutbox.Entry e) {
    try {
      outbox.reject(e);
    } catch (java.io.IOException x) {
      log.error("report outbox: {} not moved aside: {}", e.name(), x.toString());
    }
    return null;
  }

  private static String host(Pending p) {
    return p.entry.url().getHost()
        + (p.entry.url().getPort() > 0 ? ":" + p.entry.url().getPort() : "");
  }

  private static String id(JsonObject report) {
    return report.getString("id", "?");
  }

  @Override
  public int pending() {
    return queue.size();
  }

  @Override
  public Future<Void> close() {
    return Future.<Void>future(
            p ->
                ctx.runOnContext(
                    v -> {
                      closed = true;
                      if (timer >= 0) {
                        vertx.cancelTimer(timer);
                      }
                      client.close();
                      p.complete();
                    }))
        .compose(
            v ->
                ctx.executeBlocking(
                    () -> {
                      file.close();
                      return null;
                    },
                    true));
  }
}
