package org.oavc.connector.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import org.oavc.connector.report.impl.WebhookStatusEvents;

/**
 * Live status events (ringing, answered, amd, ended) POSTed to the report webhook as they happen,
 * signed like the reports. Best effort: a late status is of no use, so there is no outbox (the
 * report is the durable record); one retry a second later, and a call's events go in order.
 */
public interface CallStatusEvents {

  /** Sends nothing (REPORT_STATUS_EVENTS off). */
  CallStatusEvents NONE =
      new CallStatusEvents() {
        @Override
        public void publish(String event, JsonObject call, URI url) {}

        @Override
        public Future<Void> close() {
          return Future.succeededFuture();
        }
      };

  static CallStatusEvents start(
      Vertx vertx, ReportOptions options, String nodeId, MeterRegistry m) {
    return options.isStatusEvents() ? new WebhookStatusEvents(vertx, options, nodeId, m) : NONE;
  }

  /**
   * Sends {@code event} about {@code call} (its GET /calls/{key} view) to {@code url}, else to
   * REPORT_WEBHOOK_URL; nothing without either. Returns at once.
   */
  void publish(String event, JsonObject call, URI url);

  Future<Void> close();
}
