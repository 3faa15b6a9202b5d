package org.oavc.connector.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import org.oavc.connector.report.impl.DurableCallReports;

/**
 * End-of-call reports: each is appended to a JSONL file (fsync per report) and, with a webhook,
 * kept in a durable outbox until the receiver took it (at least once: a receiver down for hours or
 * a connector killed with reports pending loses none; each carries an idempotency key).
 */
public interface CallReports {

  /** Opens the file and the outbox (reports a previous run left are sent first). */
  static Future<CallReports> start(Vertx vertx, ReportOptions options, MeterRegistry meters) {
    return DurableCallReports.start(vertx, options, meters);
  }

  /**
   * Writes {@code report} (its "id" is the idempotency key) to the file and, when it has a receiver
   * ({@code url}, else REPORT_WEBHOOK_URL; none: file only), to the outbox. Completes once both are
   * on disk; fails only when the file write failed.
   */
  Future<Void> submit(JsonObject report, URI url);

  /** Reports waiting for their receiver. */
  int pending();

  /** Stops sending; what is pending stays in the outbox for the next start. */
  Future<Void> close();
}
