package org.oavc.connector.phone.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.oavc.connector.call.CallRegistry;
import org.oavc.connector.call.CallView;
import org.oavc.connector.phone.PhoneOptions;
import org.oavc.connector.phone.PhonePage;

/**
 * Serves the three files the build bundled into classes/phone, from memory: read once at start, so
 * no request ever touches the file system (nothing outside the bundle can be served).
 */
public final class PhonePageImpl implements PhonePage {
  /** The page's own origin for everything, plus the SIP WebSocket and the media it plays. */
  private static final String CSP_FORMAT =
      "default-src 'self'; connect-src 'self' %s; media-src 'self' blob: mediastream:;"
          + " frame-ancestors 'none'";

  private final Vertx vertx;
  private final PhoneOptions options;
  private final CallRegistry calls;
  private final Function<String, JsonObject> aiDetails;
  private final Buffer html;
  private final Buffer script;
  private final Buffer css;
  private final String csp;
  private final AtomicInteger feeds = new AtomicInteger();
  private final Counter refusedLimit;
  private final Counter refusedUnknown;

  private PhonePageImpl(
      Vertx vertx,
      PhoneOptions options,
      CallRegistry calls,
      Function<String, JsonObject> aiDetails,
      MeterRegistry meters,
      Buffer[] files) {
    this.vertx = vertx;
    this.options = options;
    this.calls = calls;
    this.aiDetails = aiDetails;
    this.html = files[0];
    this.script = files[1];
    this.css = files[2];
    URIOrigin ws = new URIOrigin(options.sipWebSocketUrl());
    this.csp = String.format(CSP_FORMAT, ws.origin());
    Gauge.builder("oavc_phone_feeds_open", feeds, AtomicInteger::get)
        .description("transcript feeds of the browser phone open now")
        .register(meters);
    this.refusedLimit = refused(meters, "limit");
    this.refusedUnknown = refused(meters, "unknown_call");
  }

  public static Future<PhonePage> create(
      Vertx vertx,
      PhoneOptions options,
      CallRegistry calls,
      Function<String, JsonObject> aiDetails,
      MeterRegistry meters) {
    return vertx
        .executeBlocking(
            () ->
                new Buffer[] {
                  resource("phone/index.html"),
                  resource("phone/phone.js"),
                  resource("phone/phone.css")
                })
        .map(files -> new PhonePageImpl(vertx, options, calls, aiDetails, meters, files));
  }

  private static Counter refused(MeterRegistry meters, String reason) {
    return Counter.builder("oavc_phone_feeds_refused_total")
        .description("transcript feed requests refused")
        .tag("reason", reason)
        .register(meters);
  }

  private static Buffer resource(String name) {
    try (InputStream in = PhonePageImpl.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            name + " is missing: the build bundles it only where npm is installed (see README)");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void mount(Router router) {
    // One route: Vert.x matches /phone and /phone/ alike. The page's relative links need the "/".
    router
        .get("/phone")
        .handler(
            ctx -> {
              if (ctx.request().path().endsWith("/")) {
                file(ctx, html, "text/html; charset=utf-8");
              } else {
                ctx.redirect("/phone/");
              }
            });
    router.get("/phone/phone.js").handler(ctx -> file(ctx, script, "text/javascript"));
    router.get("/phone/phone.css").handler(ctx -> file(ctx, css, "text/css"));
    router
        .get("/phone/config")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .putHeader("cache-control", "no-store")
                    .end(options.pageConfig().encode()));
    router.get("/phone/transcript").handler(this::transcript);
  }

  @Override
  public int openFeeds() {
    return feeds.get();
  }

  private void file(RoutingContext ctx, Buffer body, String type) {
    ctx.response()
        .putHeader("content-type", type)
        .putHeader("content-security-policy", csp)
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("cache-control", "no-cache")
        .end(body);
  }

  private void transcript(RoutingContext ctx) {
    String callId = ctx.queryParams().get("call_id");
    Optional<CallView> call =
        callId == null || callId.isEmpty() || callId.length() > 256
            ? Optional.empty()
            : calls.live().stream().filter(v -> callId.equals(v.callId())).findFirst();
    if (call.isEmpty()) {
      refusedUnknown.increment();
      ctx.response().setStatusCode(404).end("no live call with that Call-ID\n");
      return;
    }
    if (feeds.incrementAndGet() > options.maxFeeds()) {
      feeds.decrementAndGet();
      refusedLimit.increment();
      ctx.response().setStatusCode(503).end("too many transcript feeds\n");
      return;
    }
    new TranscriptFeed(vertx, ctx.response(), call.get().key(), calls, aiDetails)
        .start(feeds::decrementAndGet);
  }

  /** scheme://host[:port] of a WebSocket URL, for the page's connect-src. */
  private record URIOrigin(java.net.URI uri) {
    String origin() {
      return uri.getScheme() + "://" + uri.getRawAuthority();
    }
  }
}
