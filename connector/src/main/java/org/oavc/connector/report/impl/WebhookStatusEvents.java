package org.oavc.connector.report.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.oavc.connector.report.CallStatusEvents;
import org.oavc.connector.report.ReportOptions;

/**
 * Status events over HTTP, on one context of their own: per call a chain, so its events leave in
 * order, each tried twice (a second apart) and then dropped and counted.
 */
public final class WebhookStatusEvents implements CallStatusEvents {
  private static final long RETRY_MS = 1000;

  private final Vertx vertx;
  private final Context ctx;
  private final ReportOptions options;
  private final String nodeId;
  private final WebClient client;
  private final Counter delivered;
  private final Counter failed;

  /** The last event of each call still on its way, and the call's sequence number. */
  private final Map<String, Future<Void>> chains = new HashMap<>();

  private final Map<String, Integer> sequence = new HashMap<>();

  public WebhookStatusEvents(
      Vertx vertx, ReportOptions options, String nodeId, MeterRegistry meters) {
    this.vertx = vertx;
    this.ctx = vertx.getOrCreateContext();
    this.options = options;
    this.nodeId = nodeId;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("oavc-status")
                .setFollowRedirects(false)
                .setConnectTimeout(options.getWebhookTimeoutMillis()));
    this.delivered = counter(meters, "delivered");
    this.failed = counter(meters, "failed");
  }

  private static Counter counter(MeterRegistry m, String result) {
    return Counter.builder("oavc_status_events_total")
        .description("live call status events sent to the webhook, by outcome")
        .tag("result", result)
        .register(m);
  }

  @Override
  public void publish(String event, JsonObject call, URI url) {
    URI to = url != null ? url : options.getWebhookUrl();
    if (to == null) {
      return;
    }
    String key = call.getString("key");
    Instant at = Instant.now();
    ctx.runOnContext(
        v -> {
          int seq = sequence.merge(key, 1, Integer::sum);
          JsonObject body =
              new JsonObject()
                  .put("type", "status")
                  .put("id", UUID.randomUUID().toString())
                  .put("event", event)
                  .put("seq", seq)
                  .put("at", at.toString())
                  .put("node", nodeId)
                  .put("call", call);
          Future<Void> before = chains.getOrDefault(key, Future.succeededFuture());
          Future<Void> mine = before.transform(x -> send(to, body, 0));
          chains.put(key, mine);
          boolean last = "ended".equals(event);
          mine.onComplete(
              x -> {
                if (chains.get(key) == mine) {
                  chains.remove(key);
                  if (last) {
                    sequence.remove(key);
                  }
                }
              });
        });
  }

  /** Completes (never fails) once the event was taken or given up. */
  private Future<Void> send(URI to, JsonObject body, int attempt) {
    String text = body.encode();
    Promise<Void> done = Promise.promise();
    WebhookSignature.post(
            client,
            to.toString(),
            options.getWebhookTimeoutMillis(),
            options.getWebhookSecret(),
            body.getString("id"),
            text)
        .onComplete(
            ar -> {
              int status = ar.succeeded() ? ar.result().statusCode() : 0;
              if (status >= 200 && status < 300) {
                delivered.increment();
                done.complete();
              } else if (attempt == 0) {
                vertx.setTimer(RETRY_MS, t -> send(to, body, 1).onComplete(x -> done.complete()));
              } else {
                failed.increment();
                done.complete();
              }
            });
    return done.future();
  }

  @Override
  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
