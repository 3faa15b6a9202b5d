package org.oavc.connector.management;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.oavc.common.http.ApiGuard;
import org.oavc.connector.call.CallController;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.HandoverReport;
import org.oavc.connector.call.OutboundRefusedException;
import org.oavc.connector.call.OutboundRequest;
import org.oavc.connector.media.port.PortsExhaustedException;
import org.oavc.connector.opensips.MiException;
import org.oavc.connector.opensips.MiTimeoutException;
import org.oavc.connector.phone.PhonePage;
import org.oavc.connector.recording.CallRecordings;

/**
 * The operator's HTTP API: health, readiness, calls (list, detail, place, hang up) and Prometheus
 * metrics. Read-only views come from registry snapshots; hang-up goes through the controller. Every
 * route sits behind the {@link ApiGuard} (token, Host) and a body limit.
 */
public final class ManagementApi {
  /** POST /calls is the only route with a body (instructions up to 8 KiB); this bounds them all. */
  static final int BODY_LIMIT_BYTES = 16 * 1024;

  private final Vertx vertx;
  private final ApiGuard guard;
  private final CallController calls;
  private final Readiness readiness;
  private final PrometheusMeterRegistry meters;
  private HttpServer server;
  private Function<String, JsonObject> aiDetails = key -> null;
  private PhonePage phone;
  private CallRecordings recordings = CallRecordings.NONE;
  private Supplier<Future<JsonObject>> cluster =
      () -> Future.failedFuture(new IllegalStateException("no cluster view"));

  public ManagementApi(
      Vertx vertx,
      ApiGuard guard,
      CallController calls,
      Readiness readiness,
      PrometheusMeterRegistry meters) {
    this.vertx = vertx;
    this.guard = guard;
    this.calls = calls;
    this.readiness = readiness;
    this.meters = meters;
  }

  /** Adds the AI side of a call (flavor, transcript) as "ai" in GET /calls/{key}. */
  public ManagementApi aiDetails(Function<String, JsonObject> provider) {
    this.aiDetails = provider;
    return this;
  }

  /** Serves the browser phone under /phone too. */
  public ManagementApi phone(PhonePage page) {
    this.phone = page;
    return this;
  }

  /** GET /calls/{key}/recording serves the calls' recordings from here. */
  public ManagementApi recordings(CallRecordings recordings) {
    this.recordings = recordings;
    return this;
  }

  /** GET /cluster: members, their calls and leased ports (see ClusterSnapshot). */
  public ManagementApi clusterView(Supplier<Future<JsonObject>> provider) {
    this.cluster = provider;
    return this;
  }

  public Router router() {
    Router r = guard.install(Router.router(vertx));
    r.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
    r.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "up")));
    r.get("/ready").handler(ctx -> json(ctx, readiness.ready() ? 200 : 503, readiness.toJson()));
    r.get("/calls").handler(this::listCalls);
    r.post("/calls").handler(this::dial);
    r.get("/calls/:key").handler(this::getCall);
    r.delete("/calls/:key").handler(this::hangup);
    r.get("/calls/:key/recording").handler(this::recording);
    r.post("/drain").handler(this::drain);
    r.delete("/drain")
        .handler(
            ctx -> {
              calls.takeNewCalls();
              json(ctx, 200, new JsonObject().put("draining", false));
            });
    r.get("/cluster")
        .handler(
            ctx ->
                cluster
                    .get()
                    .onSuccess(j -> json(ctx, 200, j))
                    .onFailure(e -> json(ctx, 503, error("cluster view: " + e.getMessage()))));
    r.get("/metrics").handler(PrometheusScrapingHandler.create(meters));
    if (phone != null) {
      phone.mount(r);
    }
    return r;
  }

  /** Listens on host:port (0 = ephemeral); yields the bound port. */
  public Future<Integer> listen(String host, int port) {
    return vertx
        .createHttpServer()
        .requestHandler(router())
        .listen(port, host)
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void listCalls(RoutingContext ctx) {
    JsonArray live = new JsonArray();
    calls.registry().live().forEach(v -> live.add(v.toJson()));
    JsonArray recent = new JsonArray();
    calls.registry().recent().stream().limit(50).forEach(v -> recent.add(v.toJson()));
    json(
        ctx,
        200,
        new JsonObject().put("active", live.size()).put("calls", live).put("recent", recent));
  }

  private void getCall(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    calls
        .registry()
        .find(key)
        .map(CallView::toJson)
        .map(
            j -> {
              JsonObject ai = aiDetails.apply(key);
              return ai == null ? j : j.put("ai", ai);
            })
        .ifPresentOrElse(
            j -> json(ctx, 200, j), () -> json(ctx, 404, error("no call with key " + key)));
  }

  /**
   * The call's stereo WAV (caller left, agent right), live or ended, as far as it is written; 404
   * when this node has none (another node may: recordings stay where the call was).
   */
  private void recording(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    recordings
        .file(key)
        .onComplete(
            ar -> {
              if (ar.failed() || ar.result().isEmpty()) {
                json(ctx, 404, error("no recording of call " + key + " on this node"));
                return;
              }
              ctx.response()
                  .putHeader("Content-Type", "audio/wav")
                  .putHeader("Cache-Control", "no-store")
                  .sendFile(ar.result().get().toString())
                  .onFailure(
                      e -> {
                        if (!ctx.response().headWritten()) {
                          json(ctx, 404, error("recording of call " + key + ": " + e.getMessage()));
                        }
                      });
            });
  }

  /**
   * Places a call: 202 with its key once OpenSIPS took the request; 400 naming a bad field; 429
   * when the outbound queue is full; 503 while draining, without ports or when OpenSIPS does not
   * answer (the call may or may not have been placed); 502 when OpenSIPS refused it.
   */
  private void dial(RoutingContext ctx) {
    OutboundRequest request;
    try {
      JsonObject body = ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
      request = OutboundRequest.parse(body, calls.outboundOptions());
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      json(ctx, 400, error("bad request: " + e.getMessage()));
      return;
    }
    calls
        .dial(request)
        .onSuccess(key -> json(ctx, 202, new JsonObject().put("key", key)))
        .onFailure(
            e -> {
              if (e instanceof OutboundRefusedException r) {
                ctx.response().putHeader("Retry-After", "1");
                json(ctx, r.queueFull() ? 429 : 503, error(e.getMessage()));
              } else if (e instanceof MiTimeoutException) {
                json(ctx, 503, error("OpenSIPS did not answer; the call may have been placed"));
              } else if (e instanceof MiException) {
                json(ctx, 502, error("OpenSIPS refused the call: " + e.getMessage()));
              } else if (e instanceof PortsExhaustedException) {
                json(ctx, 503, error("no RTP port free"));
              } else {
                json(ctx, 500, error("dial failed: " + e.getMessage()));
              }
            });
  }

  /**
   * Hands this node's calls to the other nodes (before a restart): 200 with how many moved and how
   * many are left here, once none is left or the time is up (body {@code {"within_s": n}}, default
   * CLUSTER_DRAIN_S); 409 when no other node could take them; 400 on a bad body.
   */
  private void drain(RoutingContext ctx) {
    Future<HandoverReport> drained;
    try {
      JsonObject body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
      Integer within = body.getInteger("within_s");
      if (within != null && (within < 1 || within > 3600)) {
        throw new IllegalArgumentException("within_s must be 1-3600");
      }
      drained =
          within == null ? calls.handOverCalls() : calls.handOverCalls(Duration.ofSeconds(within));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      json(ctx, 400, error("bad request: " + e.getMessage()));
      return;
    }
    drained
        .onSuccess(
            r ->
                json(
                    ctx,
                    200,
                    new JsonObject()
                        .put("draining", true)
                        .put("moved", r.moved())
                        .put("left", r.left())))
        .onFailure(
            e ->
                json(
                    ctx,
                    e instanceof IllegalStateException ? 409 : 500,
                    error("not drained: " + e.getMessage())));
  }

  private void hangup(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    calls
        .hangup(key)
        .onSuccess(v -> json(ctx, 202, new JsonObject().put("key", key).put("hangup", "sent")))
        .onFailure(
            e -> {
              if (e instanceof NoSuchElementException) {
                json(ctx, 404, error(e.getMessage()));
              } else {
                json(ctx, 502, error("hang-up failed: " + e.getMessage()));
              }
            });
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.encodePrettily());
  }
}
