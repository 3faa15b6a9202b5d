package org.oavc.common.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.oavc.common.http.impl.ApiGuardImpl;

/**
 * What stands in front of an OAVC HTTP API (the connector's management API, the xdp-agent's): a
 * Host header that is not one of the API's names gets 403, so a DNS-rebinding page cannot reach a
 * loopback API from a browser; a request without the API's bearer token gets 401; a body over the
 * route's limit gets 413. GET /health and GET /ready (probes), and GET /metrics unless {@link
 * ApiGuardOptions#isMetricsAuth()}, need no token (still a good Host). Every refusal is counted.
 */
public interface ApiGuard {

  /**
   * The guard, once its token is known: the one set, else the token file's, generated when missing
   * (file work runs on a worker thread). Fails, naming the file, when that file cannot be used.
   */
  static Future<ApiGuard> create(Vertx vertx, ApiGuardOptions options, MeterRegistry registry) {
    return ApiGuardImpl.create(vertx, options, registry);
  }

  /**
   * Puts the checks in front of every route of {@code router} (install it before adding routes) and
   * answers and counts the 413s of its body handlers. Each route still needs a BodyHandler with a
   * limit: the guard does not read bodies.
   */
  Router install(Router router);
}
