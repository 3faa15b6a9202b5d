package org.oavc.connector.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.oavc.connector.ai.impl.AiCallAgent;
import org.oavc.connector.call.CallClustering;
import org.oavc.connector.call.CallController;
import org.oavc.connector.call.CallJournal;
import org.oavc.connector.call.CallPolicy;
import org.oavc.connector.call.CallRegistry;
import org.oavc.connector.call.OutboundOptions;
import org.oavc.connector.config.OavcConfig;
import org.oavc.connector.management.Readiness;
import org.oavc.connector.media.MediaSessionFactory;
import org.oavc.connector.media.port.PortPool;
import org.oavc.connector.media.rtpengine.RtpEngineBridge;
import org.oavc.connector.media.session.RtpSessionOptions;
import org.oavc.connector.media.session.RtpSessions;
import org.oavc.connector.opensips.EventListener;
import org.oavc.connector.opensips.EventListenerOptions;
import org.oavc.connector.opensips.EventSubscription;
import org.oavc.connector.opensips.EventSubscriptionOptions;
import org.oavc.connector.opensips.MiClient;
import org.oavc.connector.opensips.MiClientOptions;
import org.oavc.connector.recording.CallRecordings;
import org.oavc.connector.sdp.SdpAnswerer;
import org.oavc.connector.sdp.SdpAnswererOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signalling on one event loop: the E_UA_SESSION listener, the MI client, the subscription and the
 * call controller. Keeping them on one context means call state needs no locks. Deploying it binds
 * the event socket; calls come once {@link #subscribe()} asked OpenSIPS for them.
 */
public final class CallControlVerticle extends VerticleBase implements Readiness {
  private static final Logger log = LoggerFactory.getLogger(CallControlVerticle.class);

  private final OavcConfig config;
  private final PortPool ports;
  private final MeterRegistry meters;
  private final CallJournal journal;
  private final CallClustering clustering;
  private CallRecordings recordings = CallRecordings.NONE;
  private MiClient mi;
  private EventListener listener;
  private EventSubscription subscription;
  private CallController controller;
  private AiCallAgent agent;
  private RtpEngineBridge bridge;

  /** Leftover journal keys OpenSIPS has not answered for yet. */
  private final Set<String> unsettled;

  /** {@code journal}: where the calls' keys are kept across a crash (null: nowhere). */
  public CallControlVerticle(
      OavcConfig config, PortPool ports, MeterRegistry meters, CallJournal journal) {
    this(config, ports, meters, journal, CallClustering.alone(config.cluster.getNodeId()));
  }

  /** With the cluster's {@code clustering}: only the calls this node claims are answered here. */
  public CallControlVerticle(
      OavcConfig config,
      PortPool ports,
      MeterRegistry meters,
      CallJournal journal,
      CallClustering clustering) {
    this.clustering = clustering;
    this.config = config;
    this.ports = ports;
    this.meters = meters;
    this.journal = journal;
    this.unsettled = journal == null ? new HashSet<>() : new HashSet<>(journal.leftover());
  }

  /** Where calls are recorded (none by default); before the deployment. */
  public CallControlVerticle recordings(CallRecordings recordings) {
    this.recordings = recordings;
    return this;
  }

  @Override
  public Future<?> start() {
    mi =
        MiClient.create(
            vertx,
            new MiClientOptions()
                .setHost(config.miIp)
                .setPort(config.miPort)
                .setTimeout(config.miTimeout)
                .setRetries(config.miRetries)
                .setMeterRegistry(meters));
    SdpAnswerer sdp = new SdpAnswerer(sdpOptions(config).setMeterRegistry(meters));
    MediaSessionFactory media =
        RtpSessions.factory(
            vertx,
            new RtpSessionOptions()
                .setBindIp(config.rtpBindIp)
                .setNatLatchWindowMillis(config.rtpNatLatchWindowMillis)
                .setRelatchSilenceMillis(config.rtpRelatchSilenceMillis)
                .setGroupedPacing(config.groupedPacing)
                .setMeterRegistry(meters)
                .setPortPool(ports));
    CallPolicy policy = CallPolicy.from(config);
    // Made here, on the controller's context, which the bridge's client then lives on.
    bridge = RtpEngineBridge.create(vertx, config.rtpEngine.setMeterRegistry(meters));
    return AiCallAgent.create(vertx, config.settings(), meters, mi)
        .compose(
            a -> {
              agent = a;
              controller =
                  new CallController(
                      vertx,
                      mi,
                      ports,
                      media,
                      sdp,
                      new CallRegistry(policy.historySize(), journal),
                      policy,
                      meters,
                      agent,
                      bridge,
                      clustering,
                      recordings);
              controller.outbound(
                  OutboundOptions.fromSettings(config.settings())
                      .withReportUrls(config.reports.getWebhookSecret().length() >= 16));
              agent.controller(controller).replicateTo(clustering.records());
              return listen();
            });
  }

  /** How calls are answered: the advertised RTP address and the codec preferences. */
  static SdpAnswererOptions sdpOptions(OavcConfig config) {
    String advertised = config.rtpIp.isEmpty() ? config.rtpBindIp : config.rtpIp;
    return new SdpAnswererOptions()
        .setAdvertisedAddress(advertised)
        .setCodecPreferences(config.sdpCodecs);
  }

  private Future<?> listen() {
    listener =
        EventListener.create(
            vertx,
            new EventListenerOptions()
                .setHost(config.eventIp)
                .setPort(config.eventPort)
                .setAllowedSources(config.eventSources)
                .setMeterRegistry(meters));
    listener.handler(controller::handle);
    return listener
        .listen()
        .compose(
            port -> {
              EventSubscriptionOptions so =
                  EventSubscriptionOptions.fromConfig(config, port, nodeId())
                      .setMeterRegistry(meters);
              subscription = EventSubscription.create(vertx, mi, so);
              subscription.onRestart(v -> afterRestart());
              controller.start();
              log.info(
                  "listening for E_UA_SESSION on {}:{}; MI at {}:{}",
                  config.eventIp,
                  port,
                  config.miIp,
                  config.miPort);
              return Future.succeededFuture();
            });
  }

  /**
   * Subscribes to E_UA_SESSION (and keeps the subscription): from now on calls come here. Then, in
   * the background, ends the sessions a previous run left behind.
   */
  public Future<Void> subscribe() {
    return subscription.start().onSuccess(v -> endOrphans());
  }

  /** OpenSIPS restarted: its sessions are gone, and calls may have arrived while unsubscribed. */
  private void afterRestart() {
    log.warn("OpenSIPS restart detected: reconciling calls");
    controller.reconcileNow().onComplete(v -> endOrphans());
  }

  /**
   * Ends the OpenSIPS sessions no call of ours stands for; the journal's leftover keys that
   * OpenSIPS answered for are closed (the others are asked for again after the next restart).
   */
  private void endOrphans() {
    controller
        .endOrphans(pendingLeftover())
        .onSuccess(
            settled -> {
              if (journal != null) {
                settled.forEach(journal::closed);
                synchronized (this) {
                  unsettled.removeAll(settled);
                }
              }
            });
  }

  /** Synchronized: the start's subscription and a later restart call back on other contexts. */
  private synchronized Set<String> pendingLeftover() {
    return Set.copyOf(unsettled);
  }

  /** Drains calls (grace period), then unsubscribes and closes the sockets. */
  public Future<Void> shutdown(Duration grace) {
    return controller
        .drain(grace)
        .compose(v -> subscription == null ? Future.succeededFuture() : subscription.stop())
        .eventually(() -> listener.close())
        .eventually(
            () -> {
              if (agent != null) {
                agent.close();
              }
              return mi.close();
            })
        .eventually(() -> bridge == null ? Future.succeededFuture() : bridge.close());
  }

  @Override
  public Future<?> stop() {
    return Future.succeededFuture();
  }

  /** The AI side of calls (conversations, transcripts). */
  public AiCallAgent agent() {
    return agent;
  }

  public CallController controller() {
    return controller;
  }

  public int eventPort() {
    return listener.port();
  }

  @Override
  public boolean subscribed() {
    return subscription != null && subscription.isSubscribed();
  }

  @Override
  public boolean miReachable() {
    Instant last = subscription == null ? null : subscription.lastMiSuccess();
    // The uptime poll and renewals touch MI well within this window when it is healthy.
    return last != null
        && Duration.between(last, Instant.now())
                .compareTo(config.eventRenewInterval.multipliedBy(2).plusSeconds(5))
            < 0;
  }

  @Override
  public boolean accepting() {
    return controller != null && controller.isAccepting();
  }

  private static String nodeId() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }
}
