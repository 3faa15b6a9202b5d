package org.oavc.connector.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.oavc.aiservices.AiServices;
import org.oavc.aiservices.AiServicesOptions;
import org.oavc.common.http.ApiGuard;
import org.oavc.connector.call.CallClustering;
import org.oavc.connector.call.CallController;
import org.oavc.connector.call.CallJournal;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.cluster.CallHandoffs;
import org.oavc.connector.cluster.CallOwnership;
import org.oavc.connector.cluster.CallRecords;
import org.oavc.connector.cluster.ClusterMember;
import org.oavc.connector.cluster.ClusterSnapshot;
import org.oavc.connector.cluster.FreezeWatch;
import org.oavc.connector.cluster.impl.HazelcastPortPool;
import org.oavc.connector.config.OavcConfig;
import org.oavc.connector.management.ManagementApi;
import org.oavc.connector.media.port.LocalPortPool;
import org.oavc.connector.media.port.PendingPortPool;
import org.oavc.connector.media.port.PortPool;
import org.oavc.connector.phone.PhonePage;
import org.oavc.connector.recording.CallRecordings;
import org.oavc.connector.report.CallReport;
import org.oavc.connector.report.CallReports;
import org.oavc.connector.report.CallStatusEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole connector in one process: Vert.x with Prometheus metrics, the RTP port pool (leased
 * cluster-wide through its Hazelcast member when CLUSTER_MEMBERS is set), the call-control verticle
 * and the management API. {@link #stop()} drains calls gracefully.
 */
public final class OavcDaemon {
  private static final Logger log = LoggerFactory.getLogger(OavcDaemon.class);

  private final Vertx vertx;
  private final OavcConfig config;
  private final PrometheusMeterRegistry meters;
  private PortPool ports;
  private ClusterMember member;

  /** The member's start, which a failed start-up waits for so no member outlives the daemon. */
  private Future<ClusterMember> joining;

  /** What {@link #start} answers: completed once running, or failed once closed again. */
  private final Promise<OavcDaemon> started = Promise.promise();

  private CallControlVerticle callControl;
  private CallJournal journal;
  private AiServices aiServices;
  private CallReports reports;
  private CallRecordings recordings;
  private CallStatusEvents statusEvents = CallStatusEvents.NONE;
  private ManagementApi management;
  private int httpPort = -1;

  private OavcDaemon(OavcConfig config) {
    this.config = config;
    this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.vertx = newVertx(config, meters, MicrometerMetricsOptions.DEFAULT_REGISTRY_NAME);
    if (config.nativeTransport && !vertx.isNativeTransportEnabled()) {
      Throwable why = vertx.unavailableNativeTransportCause();
      log.warn(
          "NATIVE_TRANSPORT=true but epoll is unavailable ({}): sockets use Java NIO",
          why == null ? "no native transport on the class path" : why.toString());
    }
  }

  /**
   * Vert.x as the daemon runs it: the configured transport, metrics into {@code meters}, which
   * Vert.x keeps under {@code registryName} for the life of the instance (one name, one registry).
   */
  static Vertx newVertx(OavcConfig config, MeterRegistry meters, String registryName) {
    return Vertx.builder()
        .with(
            new VertxOptions()
                .setPreferNativeTransport(config.nativeTransport)
                .setMetricsOptions(
                    new MicrometerMetricsOptions().setEnabled(true).setRegistryName(registryName)))
        .withMetrics(new MicrometerMetricsFactory(meters))
        .build();
  }

  /** The browser phone when enabled and built; null otherwise (the daemon runs without it). */
  private Future<PhonePage> startPhone() {
    if (!config.phone.enabled()) {
      return Future.succeededFuture(null);
    }
    return PhonePage.create(
            vertx,
            config.phone,
            callControl.controller().registry(),
            key -> callControl.agent().details(key),
            meters)
        .recover(
            e -> {
              log.warn("browser phone not served: {}", e.getMessage());
              return Future.succeededFuture(null);
            });
  }

  /**
   * Starts everything; fails (and releases what started) when the management token cannot be had or
   * a socket cannot be bound.
   */
  public static Future<OavcDaemon> start(OavcConfig config) {
    OavcDaemon d = new OavcDaemon(config);
    // The token first: a state directory it cannot use fails the start before anything runs.
    Future<ApiGuard> guard = ApiGuard.create(d.vertx, config.managementAccess, d.meters);
    Future<PortPool> clusterPorts;
    CallClustering clustering;
    if (config.cluster.alone()) {
      clustering = CallClustering.alone(config.cluster.getNodeId());
      // Alone (CLUSTER_MEMBERS empty) no other node can ever lease a port: a local pool is exact,
      // costs microseconds per call instead of a Hazelcast round trip (about 1 ms here), and the
      // start stays as fast as without a cluster.
      d.ports = new LocalPortPool(config.rtpMinPort, config.rtpMaxPort, d.meters);
      clusterPorts = Future.succeededFuture(d.ports);
    } else {
      // The member starts on a worker while the rest does (Hazelcast takes longer than the rest
      // of the start, see docs/performance.md); the calls wait for it (before subscribe).
      d.joining = ClusterMember.join(d.vertx, config.cluster).onSuccess(m -> d.member = m);
      clusterPorts =
          d.joining.map(
              m ->
                  new HazelcastPortPool(
                      d.vertx, m, config.rtpMinPort, config.rtpMaxPort, d.meters));
      d.ports = new PendingPortPool(clusterPorts, config.rtpMinPort, config.rtpMaxPort);
      clustering =
          new CallClustering(
              CallOwnership.pending(
                  config.cluster.getNodeId(),
                  d.joining.map(m -> CallOwnership.clustered(d.vertx, m, d.meters))),
              CallRecords.pending(d.joining.map(m -> CallRecords.clustered(d.vertx, m))),
              CallHandoffs.pending(d.joining.map(m -> CallHandoffs.clustered(d.vertx, m))),
              config.cluster);
    }
    guard
        .compose(g -> CallRecordings.start(d.vertx, config.recordings, d.meters))
        .compose(
            recordings -> {
              d.recordings = recordings;
              return d.vertx.executeBlocking(() -> CallJournal.open(config.stateDir)); // file I/O
            })
        .compose(
            journal -> {
              d.journal = journal;
              io.micrometer.core.instrument.FunctionCounter.builder(
                      "oavc_call_journal_lines_lost_total", journal, CallJournal::lost)
                  .description("call journal lines dropped because its writer fell behind")
                  .register(d.meters);
              d.callControl =
                  new CallControlVerticle(config, d.ports, d.meters, journal, clustering)
                      .recordings(d.recordings);
              return d.startAiServices();
            })
        .compose(v -> d.vertx.deployVerticle(d.callControl))
        .compose(id -> CallReports.start(d.vertx, config.reports, d.meters))
        .compose(
            reports -> {
              d.reports = reports;
              d.reportCalls();
              return d.startPhone();
            })
        .compose(
            phone -> {
              d.management =
                  new ManagementApi(
                          d.vertx,
                          guard.result(),
                          d.callControl.controller(),
                          d.callControl,
                          d.meters)
                      .aiDetails(key -> d.callControl.agent().details(key))
                      .phone(phone)
                      .recordings(d.recordings)
                      .clusterView(d::clusterView);
              return d.management.listen(config.httpIp, config.httpPort);
            })
        // Last before the calls come: whatever loads later invalidates code compiled meanwhile.
        .compose(
            port ->
                SignallingWarmup.once(config)
                    .compose(v -> clusterPorts)
                    .onSuccess(d::failOverDeadMembers)
                    .compose(v -> d.callControl.subscribe())
                    .map(port))
        .map(
            port -> {
              d.httpPort = port;
              log.info(
                  "oavc up: management API on {}:{}, RTP {}-{}, {} transport",
                  config.httpIp,
                  port,
                  config.rtpMinPort,
                  config.rtpMaxPort,
                  d.vertx.isNativeTransportEnabled() ? "epoll" : "NIO");
              return d;
            })
        .onComplete(d::closeIfFailed);
    return d.started.future();
  }

  /**
   * Completes {@link #started}; on a failure only once what started is closed. That promise is free
   * of any context: one bound to our event loop would never complete, as closing Vert.x stops the
   * loop.
   */
  private void closeIfFailed(AsyncResult<OavcDaemon> result) {
    if (result.succeeded()) {
      started.complete(result.result());
      return;
    }
    (aiServices == null ? Future.<Void>succeededFuture() : aiServices.close())
        .eventually(this::closeReports)
        .eventually(this::closeRecordings)
        .eventually(this::leaveCluster)
        .eventually(vertx::close)
        .eventually(this::closeJournal)
        .onComplete(x -> started.fail(result.cause()));
  }

  /**
   * The local offline AI services in-process when AI_SERVICES_EMBEDDED is on, so a single `oavc
   * run` is a complete, keyless install.
   */
  private Future<Void> startAiServices() {
    if (!config.aiServicesEmbedded) {
      return Future.succeededFuture();
    }
    AiServicesOptions o =
        AiServicesOptions.fromSettings(config.settings()).setMeterRegistry(meters);
    return AiServices.start(vertx, o)
        .map(
            s -> {
              aiServices = s;
              log.info(
                  "local AI services in-process: realtime ws {}, stt ws {}, tts/chat http {}",
                  s.aiPort(),
                  s.sttPort(),
                  s.ttsPort());
              return (Void) null;
            });
  }

  /** The embedded AI services, or null when AI_SERVICES_EMBEDDED is off. */
  public AiServices aiServices() {
    return aiServices;
  }

  public CallController calls() {
    return callControl.controller();
  }

  public CallControlVerticle callControl() {
    return callControl;
  }

  public int httpPort() {
    return httpPort;
  }

  public int eventPort() {
    return callControl.eventPort();
  }

  public PortPool ports() {
    return ports;
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Clustered: hand the calls to the other nodes within CLUSTER_DRAIN_S (a rolling restart drops
   * nothing). Then stop accepting, let the rest end within SHUTDOWN_GRACE_S, hang up what is left,
   * unsubscribe, close.
   */
  public Future<Void> stop() {
    return handOffCalls()
        .compose(
            v -> {
              log.info("oavc stopping: draining calls for up to {}", config.shutdownGrace);
              return callControl.shutdown(config.shutdownGrace);
            })
        .eventually(() -> management == null ? Future.succeededFuture() : management.close())
        .eventually(() -> aiServices == null ? Future.succeededFuture() : aiServices.close())
        .eventually(this::closeReports) // after the calls: their reports are written by then
        .eventually(this::closeRecordings)
        .eventually(this::leaveCluster)
        .eventually(vertx::close)
        .eventually(this::closeJournal);
  }

  /**
   * Each call's end gives one report (a call moved to another node is reported there, at its real
   * end); with REPORT_STATUS_EVENTS its moments go out live too.
   */
  private void reportCalls() {
    String node = config.cluster.getNodeId();
    statusEvents = CallStatusEvents.start(vertx, config.reports, node, meters);
    if (statusEvents != CallStatusEvents.NONE) {
      calls()
          .registry()
          .onStatus(
              (call, status) ->
                  statusEvents.publish(
                      status.name().toLowerCase(java.util.Locale.ROOT),
                      call.view().toJson(),
                      call.reportUrl()));
    }
    calls()
        .registry()
        .onRetired(
            call -> {
              CallView view = call.view();
              if (view.endCause() == EndCause.MOVED) {
                return;
              }
              JsonObject ai = callControl.agent().details(view.key());
              reports
                  .submit(CallReport.of(view, ai, node), call.reportUrl())
                  .onFailure(e -> log.error("key={} report lost: {}", view.key(), e.toString()));
            });
  }

  private Future<Void> closeReports() {
    return statusEvents
        .close()
        .eventually(() -> reports == null ? Future.succeededFuture() : reports.close());
  }

  private Future<Void> closeRecordings() {
    return recordings == null ? Future.succeededFuture() : recordings.close();
  }

  /** The call recordings; null before the start reached them. */
  public CallRecordings recordings() {
    return recordings;
  }

  /** The end-of-call reports (file and webhook outbox); null before the start reached them. */
  public CallReports reports() {
    return reports;
  }

  private Future<Void> handOffCalls() {
    if (member == null
        || config.cluster.getDrainSeconds() == 0
        || calls().registry().activeCount() == 0
        || member.members().size() < 2) {
      return Future.succeededFuture();
    }
    return calls()
        .handOverCalls()
        .<Void>mapEmpty()
        .otherwise(
            e -> {
              log.warn("oavc stopping: calls not handed over: {}", e.getMessage());
              return null;
            });
  }

  /**
   * Clustered: when a member dies, this node races the others for its calls, then frees the dead
   * node's port leases (only then: until its calls are moved, their callers still send to them). A
   * node that was frozen gives its own calls up on waking and takes nobody's.
   */
  private void failOverDeadMembers(PortPool pool) {
    if (member == null || !(pool instanceof HazelcastPortPool leases)) {
      return;
    }
    FreezeWatch freeze =
        new FreezeWatch(config.cluster.getMaxSilenceSeconds())
            .start(
                vertx,
                ms -> {
                  // With no other member (as this node saw the cluster) nobody took the calls
                  // over: giving them up would leave their callers in silence.
                  if (member.members().size() > 1) {
                    callControl.controller().surrenderAll();
                  } else {
                    log.warn("cluster: frozen {} ms but alone in the cluster: calls kept", ms);
                  }
                });
    member.onMemberLeft(
        node -> {
          if (freeze.recentlyFrozen()) {
            // Our own view is stale: the "dead" member is most likely alive and carrying our calls.
            log.warn("cluster: {} looks gone, but this node was frozen: taking nothing over", node);
            return;
          }
          callControl
              .controller()
              .takeOverCallsOf(node)
              .compose(v -> leases.releaseLeasesOf(node))
              .onFailure(
                  e -> log.warn("cluster: leases of {} not released: {}", node, e.toString()));
        });
  }

  /** GET /cluster: the shared maps in a cluster; this node alone otherwise. */
  private Future<JsonObject> clusterView() {
    if (config.cluster.alone()) {
      return Future.succeededFuture(
          ClusterSnapshot.alone(
              config.cluster.getNodeId(), calls().registry().activeCount(), ports.inUse()));
    }
    if (member == null) {
      return Future.failedFuture(new IllegalStateException("not joined yet"));
    }
    return ClusterSnapshot.of(vertx, member);
  }

  /** This node's cluster membership, once started; null when alone (CLUSTER_MEMBERS empty). */
  public ClusterMember cluster() {
    return member;
  }

  /** After the calls: their ports are released by then, and the member's partitions move away. */
  private Future<Void> leaveCluster() {
    if (joining == null) {
      return Future.succeededFuture();
    }
    return joining.transform(ar -> ar.succeeded() ? ar.result().leave() : Future.succeededFuture());
  }

  /** Writes the journal's last lines (after every call ended) and stops its writer. */
  private Future<Void> closeJournal() {
    if (journal != null) {
      journal.close();
    }
    return Future.succeededFuture();
  }
}
