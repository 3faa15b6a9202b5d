package org.oavc.xdp.impl;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import org.oavc.common.http.ApiGuard;
import org.oavc.common.net.Cidr;
import org.oavc.xdp.XdpAgent.ListName;
import org.oavc.xdp.bpf.BpfException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP API (docs/xdp.md lists every route), behind the {@link ApiGuard} (token, Host).
 * Bad input -> 400, map unchanged.
 */
final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /** JSON bodies: a "cidrs" batch of some 20 000 IPv6 prefixes fits. */
  static final int JSON_BODY_LIMIT = 1024 * 1024;

  /** Asks for an entry that lists every address of a family (a /0). */
  static final String CONFIRM_ALL = "confirmAll";

  private final XdpAgentImpl agent;
  private final ApiGuard guard;
  private final io.micrometer.core.instrument.MeterRegistry registry;
  private final int importLimitBytes;

  HttpApi(
      XdpAgentImpl agent,
      ApiGuard guard,
      io.micrometer.core.instrument.MeterRegistry registry,
      int importLimitBytes) {
    this.agent = agent;
    this.guard = guard;
    this.registry = registry;
    this.importLimitBytes = importLimitBytes;
  }

  Router router(Vertx vertx) {
    Router r = guard.install(Router.router(vertx));
    // bodies stay in memory and within a limit; a multipart upload is never written to disk
    BodyHandler json = BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT);
    BodyHandler importFile = BodyHandler.create(false).setBodyLimit(importLimitBytes);
    r.route()
        .handler(
            ctx -> {
              String type = ctx.request().getHeader("content-type");
              if (type != null
                  && (type.startsWith("multipart/")
                      || type.startsWith("application/x-www-form-urlencoded"))) {
                ctx.response()
                    .setStatusCode(415)
                    .putHeader("content-type", "application/json")
                    .end(
                        new JsonObject()
                            .put(
                                "error",
                                "forms are not accepted: send JSON, or a list as"
                                    + " the raw text body of an import")
                            .encode());
                return;
              }
              (ctx.request().path().endsWith("/import") ? importFile : json).handle(ctx);
            });
    r.get("/stats").handler(ctx -> reply(ctx, () -> agent.statsJson()));
    for (ListName list : ListName.values()) {
      String path = "/" + list.name().toLowerCase();
      r.get(path)
          .handler(
              ctx ->
                  reply(
                      ctx,
                      () ->
                          agent
                              .entries(list)
                              .map(
                                  entries -> {
                                    JsonArray arr = new JsonArray();
                                    entries.forEach(
                                        e ->
                                            arr.add(
                                                new JsonObject()
                                                    .put("cidr", e.cidr())
                                                    .put("ttl", e.ttlSeconds())
                                                    .put(
                                                        "expiresAtEpochMs", e.expiresAtEpochMs())));
                                    return new JsonObject()
                                        .put("entries", arr)
                                        .put("count", arr.size());
                                  })));
      r.post(path + "/import").handler(ctx -> reply(ctx, () -> importFile(ctx, list)));
      r.post(path).handler(ctx -> reply(ctx, () -> add(ctx, list)));
      r.delete(path).handler(ctx -> reply(ctx, () -> remove(ctx, list)));
    }
    r.get("/config").handler(ctx -> reply(ctx, () -> agent.config().map(ConfigJson::toJson)));
    r.put("/config")
        .handler(
            ctx ->
                reply(
                    ctx,
                    () ->
                        agent
                            .config()
                            .compose(
                                current -> {
                                  JsonObject body = jsonBody(ctx);
                                  return agent
                                      .updateConfig(ConfigJson.fromJson(body, current))
                                      .compose(v -> agent.config());
                                })
                            .map(ConfigJson::toJson)));
    r.get("/metrics")
        .handler(
            ctx -> {
              if (registry instanceof PrometheusMeterRegistry prom) {
                agent
                    .sampleNow()
                    .onComplete(
                        x ->
                            ctx.response()
                                .putHeader(
                                    "content-type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(prom.scrape()));
              } else {
                ctx.response()
                    .setStatusCode(404)
                    .end("the configured meter registry is not Prometheus\n");
              }
            });
    return r;
  }

  private Future<JsonObject> add(RoutingContext ctx, ListName list) {
    JsonObject body = jsonBody(ctx);
    List<Cidr> cidrs = new ArrayList<>();
    if (body.getValue("cidr") instanceof String one) {
      cidrs.add(Cidr.parse(one));
    } else if (body.getValue("cidrs") instanceof JsonArray many) {
      for (Object o : many) {
        cidrs.add(Cidr.parse(String.valueOf(o)));
      }
    } else {
      throw new IllegalArgumentException("body needs \"cidr\": \"a.b.c.d/n\" or \"cidrs\": [...]");
    }
    long ttl = ttl(body.getValue("ttl"));
    requireConfirmedAll(
        cidrs,
        Boolean.TRUE.equals(body.getValue(CONFIRM_ALL)),
        list,
        "add \"" + CONFIRM_ALL + "\": true to the body");
    return agent.addAll(list, cidrs, ttl).map(v -> new JsonObject().put("added", cidrs.size()));
  }

  private Future<JsonObject> importFile(RoutingContext ctx, ListName list) {
    String text = ctx.body().asString();
    List<Cidr> cidrs = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    String[] lines = text == null ? new String[0] : text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].replaceAll("#.*", "").trim();
      if (line.isEmpty()) {
        continue;
      }
      try {
        cidrs.add(Cidr.parse(line));
      } catch (IllegalArgumentException e) {
        bad.add("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(
          "nothing imported; "
              + String.join("; ", bad.subList(0, Math.min(5, bad.size())))
              + (bad.size() > 5 ? "; ... " + bad.size() + " bad lines" : ""));
    }
    long ttl = ttl(ctx.queryParams().get("ttl"));
    requireConfirmedAll(
        cidrs,
        "true".equals(ctx.queryParams().get(CONFIRM_ALL)),
        list,
        "add ?" + CONFIRM_ALL + "=true");
    return agent.addAll(list, cidrs, ttl).map(v -> new JsonObject().put("imported", cidrs.size()));
  }

  private Future<JsonObject> remove(RoutingContext ctx, ListName list) {
    String text = ctx.queryParams().get("cidr");
    if (text == null && ctx.body().length() > 0) {
      text = jsonBody(ctx).getString("cidr");
    }
    if (text == null) {
      throw new IllegalArgumentException("give the entry as ?cidr=... or {\"cidr\": ...}");
    }
    return agent
        .remove(list, Cidr.parse(text))
        .map(found -> new JsonObject().put("removed", found));
  }

  /**
   * A /0 blocks (or allows) every address of its family: a typo away from dropping all SIP or
   * switching the filter off. It needs the request to say so.
   */
  private static void requireConfirmedAll(
      List<Cidr> cidrs, boolean confirmed, ListName list, String how) {
    for (Cidr c : cidrs) {
      if (c.prefix() == 0 && !confirmed) {
        throw new IllegalArgumentException(
            c
                + " would "
                + (list == ListName.BLOCKLIST ? "block" : "allow")
                + " every "
                + (c.ipv4() ? "IPv4" : "IPv6")
                + " address; "
                + how
                + " if that is meant");
      }
    }
  }

  private static long ttl(Object value) {
    if (value == null) {
      return 0;
    }
    try {
      long ttl =
          value instanceof Number n && n.doubleValue() == n.longValue()
              ? n.longValue()
              : Long.parseLong(value.toString().trim());
      if (ttl < 0 || ttl > 10L * 365 * 86400) {
        throw new IllegalArgumentException(
            "ttl must be 0..315360000 seconds (0 = permanent): " + value);
      }
      return ttl;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ttl must be whole seconds: " + value, e);
    }
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw new IllegalArgumentException("a JSON object body is required");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("body is not a JSON object: " + e.getMessage(), e);
    }
  }

  /** Runs a handler body: IllegalArgumentException (also thrown synchronously) -> 400. */
  private static void reply(RoutingContext ctx, Future<JsonObject> result) {
    result.onComplete(
        ar -> {
          if (ar.succeeded()) {
            ctx.json(ar.result());
            return;
          }
          Throwable e = ar.cause();
          int status =
              e instanceof IllegalArgumentException || (e instanceof BpfException b && b.mapFull())
                  ? 400
                  : 500;
          if (status == 500) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), e);
          }
          ctx.response()
              .setStatusCode(status)
              .putHeader("content-type", "application/json")
              .end(new JsonObject().put("error", e.getMessage()).encode());
        });
  }

  private static void reply(
      RoutingContext ctx, java.util.function.Supplier<Future<JsonObject>> work) {
    Future<JsonObject> f;
    try {
      f = work.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    reply(ctx, f);
  }
}
