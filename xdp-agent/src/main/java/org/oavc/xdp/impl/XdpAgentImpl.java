package org.oavc.xdp.impl;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;
import org.oavc.common.http.ApiGuard;
import org.oavc.common.http.ApiGuardOptions;
import org.oavc.common.net.Cidr;
import org.oavc.xdp.XdpAgent;
import org.oavc.xdp.XdpAgentOptions;
import org.oavc.xdp.bpf.AttachResult;
import org.oavc.xdp.bpf.FilterConfig;
import org.oavc.xdp.bpf.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Default {@link XdpAgent}. All map and file work runs on one worker thread, in order. */
public final class XdpAgentImpl implements XdpAgent {
  private static final Logger LOG = LoggerFactory.getLogger(XdpAgentImpl.class);

  private final Vertx vertx;
  private final XdpAgentOptions options;
  private final MeterRegistry registry;
  private final WorkerExecutor worker;
  private final StatsSampler sampler;
  private FilterBackend backend;
  private FilterState state;
  private HttpServer http;
  private PikeFeed pike;
  private long timer = -1;

  public XdpAgentImpl(Vertx vertx, XdpAgentOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.registry =
        options.getMeterRegistry() != null
            ? options.getMeterRegistry()
            : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.worker =
        vertx.createSharedWorkerExecutor("oavc-xdp-maps-" + System.identityHashCode(this), 1);
    this.sampler = new StatsSampler(registry);
    for (ListName l : ListName.values()) {
      Gauge.builder("oavc_xdp_list_entries", this, a -> a.state == null ? 0 : a.state.size(l))
          .tag("list", l.name().toLowerCase())
          .register(registry);
    }
  }

  @Override
  public Future<Void> start() {
    // The token first: a state directory it cannot use fails the start before the filter loads.
    Future<ApiGuard> guard = ApiGuard.create(vertx, guardOptions(), registry);
    return guard
        .compose(
            g ->
                blocking(
                    () -> {
                      backend = FilterBackend.open(options);
                      state =
                          new FilterState(backend.maps(), new StateFile(options.getStateFile()));
                      state.restore(options.isAdoptPinned());
                      sampler.sample(backend.maps());
                      return null;
                    }))
        .compose(
            v ->
                vertx
                    .createHttpServer()
                    .requestHandler(
                        new HttpApi(this, guard.result(), registry, options.getImportLimitBytes())
                            .router(vertx))
                    .listen(options.getHttpPort(), options.getHttpHost()))
        .compose(
            server -> {
              http = server;
              LOG.info("xdp-agent HTTP API on {}:{}", options.getHttpHost(), server.actualPort());
              timer =
                  vertx.setPeriodic(
                      options.getSweepIntervalMs(),
                      id ->
                          blocking(
                                  () -> {
                                    if (backend.pinsReplaced()) {
                                      LOG.warn(
                                          "pinned filter under {} was replaced: re-adopting and restoring the lists",
                                          options.getPinDir());
                                      backend.close();
                                      backend = FilterBackend.open(options);
                                      state =
                                          new FilterState(
                                              backend.maps(),
                                              new StateFile(options.getStateFile()));
                                      state.restore(true);
                                    }
                                    sampler.sample(backend.maps());
                                    return state.sweep();
                                  })
                              .onFailure(e -> LOG.warn("sweep failed: {}", e.getMessage())));
              if (options.getPikeEventPort() <= 0) {
                return Future.succeededFuture();
              }
              pike =
                  new PikeFeed(
                      vertx,
                      options,
                      registry,
                      source ->
                          addAll(ListName.BLOCKLIST, List.of(source), options.getPikeBlockSeconds())
                              .onSuccess(
                                  x ->
                                      LOG.info(
                                          "blocked {} for {} s (E_PIKE_BLOCKED)",
                                          source,
                                          options.getPikeBlockSeconds()))
                              .onFailure(
                                  e -> LOG.warn("cannot block {}: {}", source, e.getMessage())));
              return pike.start();
            })
        .recover(e -> close().transform(x -> Future.failedFuture(e)));
  }

  /** Who may call the HTTP API: the token, the Host names, whether /metrics is open. */
  private ApiGuardOptions guardOptions() {
    return new ApiGuardOptions()
        .setToken(options.getApiToken())
        .setTokenFile(options.getApiTokenFile())
        .setTokenSetting("XDP_AGENT_TOKEN")
        .setBoundHost(options.getHttpHost())
        .setExtraHosts(options.getApiAllowedHosts())
        .setMetricsAuth(options.isMetricsAuth())
        .setRealm("oavc-xdp-agent")
        .setRefusalsMetric("oavc_xdp_api_requests_refused_total");
  }

  @Override
  public Future<Void> close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    Future<Void> feed = pike == null ? Future.succeededFuture() : pike.close();
    Future<Void> server = http == null ? Future.succeededFuture() : http.close();
    return Future.all(feed, server)
        .transform(
            x ->
                blocking(
                    () -> {
                      if (backend != null) {
                        backend.close();
                        backend = null;
                      }
                      return null;
                    }))
        .transform(
            x -> {
              worker.close();
              return x.succeeded()
                  ? Future.<Void>succeededFuture()
                  : Future.failedFuture(x.cause());
            });
  }

  @Override
  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  /** Bound UDP port of the E_PIKE_BLOCKED feed, -1 when off. */
  public int pikePort() {
    return pike == null ? -1 : pike.port();
  }

  @Override
  public AttachResult attachment() {
    return backend == null ? null : backend.attachment();
  }

  @Override
  public Future<Void> add(ListName list, Cidr cidr, long ttlSeconds) {
    return addAll(list, List.of(cidr), ttlSeconds);
  }

  public Future<Void> addAll(ListName list, List<Cidr> cidrs, long ttlSeconds) {
    return blocking(
        () -> {
          state.add(list, cidrs, ttlSeconds);
          return null;
        });
  }

  @Override
  public Future<Boolean> remove(ListName list, Cidr cidr) {
    return blocking(() -> state.remove(list, cidr));
  }

  @Override
  public Future<List<ListEntryView>> entries(ListName list) {
    return blocking(() -> state.entries(list));
  }

  @Override
  public Future<FilterConfig> config() {
    return blocking(() -> state.config());
  }

  @Override
  public Future<Void> updateConfig(FilterConfig config) {
    return blocking(
        () -> {
          state.config(config);
          return null;
        });
  }

  /** Takes a fresh sample, so counters are current and rates cover the time since the last one. */
  Future<Void> sampleNow() {
    return blocking(
        () -> {
          sampler.sample(backend.maps());
          return null;
        });
  }

  Future<JsonObject> statsJson() {
    return blocking(
        () -> {
          sampler.sample(backend.maps());
          JsonArray auto = new JsonArray();
          long mono = Native.monotonicNanos();
          backend
              .maps()
              .autoBlocked(mono)
              .forEach(
                  a ->
                      auto.add(
                          new JsonObject()
                              .put("source", a.source().toString())
                              .put(
                                  "remainingSeconds",
                                  (a.blockedUntilNs() - mono + 999_999_999) / 1_000_000_000)));
          AttachResult at = backend.attachment();
          JsonObject attach =
              at == null
                  ? null
                  : new JsonObject()
                      .put("interface", options.getInterfaceName())
                      .put("mode", at.mode().label())
                      .put("note", at.note());
          return sampler
              .toJson()
              .put("attach", attach)
              .put("autoBlocked", auto)
              .put("blocklistEntries", state.size(ListName.BLOCKLIST))
              .put("allowlistEntries", state.size(ListName.ALLOWLIST));
        });
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return worker.executeBlocking(work, true);
  }
}
