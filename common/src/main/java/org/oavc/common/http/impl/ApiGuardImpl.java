package org.oavc.common.http.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.oavc.common.http.ApiGuard;
import org.oavc.common.http.ApiGuardOptions;
import org.oavc.common.http.ApiToken;

/** Default {@link ApiGuard}: Host first (even open routes), then the token. */
public final class ApiGuardImpl implements ApiGuard, Handler<RoutingContext> {
  private static final String BEARER = "bearer ";

  private final ApiToken token;
  private final Set<String> hosts;
  private final boolean metricsAuth;
  private final List<String> openPaths;
  private final String challenge;
  private final Counter refusedToken;
  private final Counter refusedHost;
  private final Counter refusedBody;

  private ApiGuardImpl(ApiToken token, ApiGuardOptions o, MeterRegistry registry) {
    this.token = token;
    this.hosts = o.allowedHosts();
    this.metricsAuth = o.isMetricsAuth();
    this.openPaths = o.getOpenPaths();
    this.challenge = "Bearer realm=\"" + o.getRealm() + "\"";
    this.refusedToken = refusals(registry, o, "token");
    this.refusedHost = refusals(registry, o, "host");
    this.refusedBody = refusals(registry, o, "body");
  }

  public static Future<ApiGuard> create(Vertx vertx, ApiGuardOptions o, MeterRegistry registry) {
    if (o.getToken() != null) {
      return Future.succeededFuture(new ApiGuardImpl(o.getToken(), o, registry));
    }
    if (o.getTokenFile() == null) {
      return Future.failedFuture(
          new IllegalArgumentException("neither a token nor a token file for " + o.getRealm()));
    }
    return vertx
        .executeBlocking(() -> ApiToken.loadOrCreate(o.getTokenFile(), o.getTokenSetting()))
        .map(t -> new ApiGuardImpl(t, o, registry));
  }

  @Override
  public Router install(Router router) {
    router.route().handler(this);
    router.errorHandler(
        413,
        ctx -> {
          refusedBody.increment();
          refuse(ctx, 413, "request body too large");
        });
    return router;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    if (authority == null || !hosts.contains(ApiGuardOptions.normalizeHost(authority.host()))) {
      refusedHost.increment();
      refuse(ctx, 403, "Host not allowed (API_ALLOWED_HOSTS names more)");
      return;
    }
    if (open(ctx)) {
      ctx.next();
      return;
    }
    String presented = bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (!token.matches(presented)) {
      refusedToken.increment();
      ctx.response()
          .putHeader(
              "WWW-Authenticate",
              presented == null ? challenge : challenge + ", error=\"invalid_token\"");
      refuse(ctx, 401, presented == null ? "bearer token required" : "invalid bearer token");
      return;
    }
    ctx.next();
  }

  private boolean open(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.GET) {
      return false;
    }
    String path = ctx.normalizedPath();
    // Probes (a load balancer, a kubelet) hold no secret, and these two say nothing a caller could
    // use.
    if (path.equals("/health")
        || path.equals("/ready")
        || (!metricsAuth && path.equals("/metrics"))) {
      return true;
    }
    for (String p : openPaths) {
      if (path.equals(p) || path.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }

  /** The token of an {@code Authorization: Bearer <token>} header; null when there is none. */
  private static String bearer(String header) {
    if (header == null || header.length() <= BEARER.length()) {
      return null;
    }
    if (!header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return null;
    }
    return header.substring(BEARER.length()).trim();
  }

  private static void refuse(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", message).encode());
  }

  private static Counter refusals(MeterRegistry registry, ApiGuardOptions o, String reason) {
    return Counter.builder(o.getRefusalsMetric())
        .description(
            "HTTP API requests refused: bad or missing token, foreign Host, body too large")
        .tag("reason", reason)
        .register(registry);
  }
}
