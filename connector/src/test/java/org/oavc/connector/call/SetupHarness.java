package org.oavc.connector.call;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.media.port.LocalPortPool;
import org.oavc.connector.media.session.RtpSessionOptions;
import org.oavc.connector.media.session.RtpSessions;
import org.oavc.connector.opensips.EventListener;
import org.oavc.connector.opensips.EventListenerOptions;
import org.oavc.connector.opensips.EventSubscription;
import org.oavc.connector.opensips.EventSubscriptionOptions;
import org.oavc.connector.opensips.MiClient;
import org.oavc.connector.opensips.MiClientOptions;
import org.oavc.connector.opensips.UaSessionReply;
import org.oavc.connector.sdp.SdpAnswerer;
import org.oavc.connector.sdp.SdpAnswererOptions;
import org.oavc.connector.testdouble.OpenSipsTarget;

/**
 * A call controller wired like the daemon's (MI client, event listener and subscription on one
 * context, real RTP sessions, a real port pool) but with the media factory behind a gate and an
 * agent that records what it is told, so set-up races can be staged.
 */
final class SetupHarness implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final LocalPortPool ports;
  final GatedMediaFactory media;
  final RecordingAgent agent = new RecordingAgent();

  /** What set-up did, in order: "reply CODE KEY" (ua_session_reply handed to MI), "bind KEY". */
  final List<String> order = new CopyOnWriteArrayList<>();

  private final Context context = vertx.getOrCreateContext();
  private MiClient mi;
  private EventListener listener;
  private EventSubscription subscription;
  private CallController controller;

  private SetupHarness(int rtpPort) {
    ports = new LocalPortPool(rtpPort, rtpPort, meters);
    media =
        new GatedMediaFactory(
            RtpSessions.factory(
                vertx,
                new RtpSessionOptions()
                    .setBindIp("127.0.0.1")
                    .setMeterRegistry(meters)
                    .setPortPool(ports)),
            order);
  }

  /**
   * Started and subscribed to E_UA_SESSION at {@code target}; the pool holds the one RTP port given
   * (a single port: the pair the offer asks for falls back to it), so a test knows it.
   */
  static SetupHarness start(OpenSipsTarget target, int rtpPort) throws Exception {
    return start(target, rtpPort, Duration.ZERO);
  }

  /** As {@link #start(OpenSipsTarget, int)}, with a 180 and {@code ring} before the answer. */
  static SetupHarness start(OpenSipsTarget target, int rtpPort, Duration ring) throws Exception {
    return start(target, rtpPort, ring, Duration.ofSeconds(5));
  }

  /** As above, with the set-up watchdog firing after {@code setupTimeout} (plus the ring). */
  static SetupHarness start(
      OpenSipsTarget target, int rtpPort, Duration ring, Duration setupTimeout) throws Exception {
    SetupHarness h = new SetupHarness(rtpPort);
    h.onContext(() -> h.wire(target, ring, setupTimeout))
        .toCompletionStage()
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
    await("subscribed").atMost(Duration.ofSeconds(20)).until(() -> h.subscription.isSubscribed());
    return h;
  }

  private Future<Void> wire(OpenSipsTarget target, Duration ring, Duration setupTimeout) {
    mi =
        noting(
            MiClient.create(
                vertx,
                new MiClientOptions()
                    .setHost(target.miAddress().getAddress().getHostAddress())
                    .setPort(target.miAddress().getPort())
                    .setTimeout(Duration.ofMillis(500))
                    .setMeterRegistry(meters)));
    SdpAnswerer sdp =
        new SdpAnswerer(
            new SdpAnswererOptions().setAdvertisedAddress("127.0.0.1").setMeterRegistry(meters));
    CallPolicy policy =
        new CallPolicy(
            setupTimeout,
            ring,
            5,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofSeconds(1),
            Duration.ofMillis(200),
            3,
            100);
    controller =
        new CallController(
            vertx,
            mi,
            ports,
            media,
            sdp,
            new CallRegistry(100),
            policy,
            meters,
            agent,
            MediaBridge.NONE,
            CallClustering.alone("harness"),
            org.oavc.connector.recording.CallRecordings.NONE);
    listener =
        EventListener.create(
            vertx,
            new EventListenerOptions().setHost("127.0.0.1").setPort(0).setMeterRegistry(meters));
    listener.handler(controller::handle);
    return listener
        .listen()
        .compose(
            port -> {
              subscription =
                  EventSubscription.create(
                      vertx,
                      mi,
                      new EventSubscriptionOptions()
                          .setPort(port)
                          .setHeartbeatKey("")
                          .setMeterRegistry(meters));
              return subscription.start();
            });
  }

  /** {@code real}, noting each ua_session_reply in {@link #order} as it is handed over. */
  private MiClient noting(MiClient real) {
    return (MiClient)
        Proxy.newProxyInstance(
            MiClient.class.getClassLoader(),
            new Class<?>[] {MiClient.class},
            (proxy, method, args) -> {
              if (method.getName().equals("uaSessionReply")) {
                UaSessionReply r = (UaSessionReply) args[0];
                order.add("reply " + r.code() + " " + r.key());
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  CallController controller() {
    return controller;
  }

  /** The call with {@code key} once it reached {@code state} (live or in the history). */
  CallView awaitCall(CallState state) {
    return await("a call in state " + state)
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              List<CallView> all = new java.util.ArrayList<>(controller.registry().live());
              all.addAll(controller.registry().recent());
              return all.stream().filter(v -> v.state() == state).findFirst().orElse(null);
            },
            v -> v != null);
  }

  void awaitNoPortInUse() {
    await("every RTP port released").atMost(Duration.ofSeconds(20)).until(() -> ports.inUse() == 0);
  }

  double counter(String name) {
    return org.oavc.connector.MeterTotals.total(meters, name);
  }

  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> work) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    context.runOnContext(v -> work.get().onComplete(p));
    return p.future();
  }

  @Override
  public void close() throws Exception {
    media.release();
    try {
      if (subscription != null) {
        subscription.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  /** Remembers each call handed over, with whether its media was attached at that moment. */
  static final class RecordingAgent implements CallAgent {
    final List<String> answered = new CopyOnWriteArrayList<>();
    final List<String> answeredWithoutMedia = new CopyOnWriteArrayList<>();
    final List<String> ended = new CopyOnWriteArrayList<>();

    @Override
    public void answered(Call call) {
      answered.add(call.key());
      if (call.media() == null) {
        answeredWithoutMedia.add(call.key());
      }
    }

    @Override
    public void ended(Call call) {
      ended.add(call.key());
    }
  }
}
