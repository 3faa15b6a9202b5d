package org.oavc.connector.opensips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.oavc.connector.opensips.MiTestSupport.await;
import static org.oavc.connector.opensips.MiTestSupport.calls;
import static org.oavc.connector.opensips.ScriptedUdpPeer.error;
import static org.oavc.connector.opensips.ScriptedUdpPeer.ok;
import static org.oavc.connector.opensips.ScriptedUdpPeer.result;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.oavc.connector.config.OavcConfig;
import org.slf4j.LoggerFactory;

/** EventSubscription against a scripted MI peer on loopback. */
@ExtendWith(VertxExtension.class)
class EventSubscriptionTest {
  private static final String SOCKET = "udp:127.0.0.1:8089";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private MiClient mi;
  private EventSubscription subscription;

  /** Just enough MI to answer what the subscription sends, in the captured reply shapes. */
  static final class Script {
    final Map<String, Integer> subscribers = new ConcurrentHashMap<>();
    volatile String upSince = "Sun Nov 22 22:33:48 2026"; // 13 #4
    volatile long startedAtMs = System.currentTimeMillis();
    volatile boolean cachedbLocal = true;

    /** What cache_store answers without cachedb_local: core 3.4 has the command, -32601 if not. */
    volatile int cacheErrorCode = -32601;

    volatile boolean rejectSocket;
    volatile boolean silent;

    List<byte[]> answer(ScriptedUdpPeer.Request r) {
      if (silent) {
        return List.of();
      }
      JsonObject p = r.params();
      return switch (r.method()) {
        case "event_subscribe" -> {
          if (rejectSocket) {
            yield List.of(error(r, 400, "Bad parameter value", null)); // 01: bad socket
          }
          if (p.getInteger("expire") == 0) {
            subscribers.remove(p.getString("socket"));
          } else {
            subscribers.put(p.getString("socket"), p.getInteger("expire"));
          }
          yield List.of(ok(r));
        }
        case "uptime" ->
            List.of(
                result(
                    r,
                    new JsonObject()
                        .put("Now", "Sun Nov 22 22:35:04 2026")
                        .put("Up since", upSince)
                        .put(
                            "Up time",
                            (System.currentTimeMillis() - startedAtMs) / 1000 + " [sec]")));
        case "cache_store", "cache_remove" ->
            cachedbLocal
                ? List.of(ok(r))
                : List.of(
                    cacheErrorCode == -32601
                        ? error(r, -32601, "Method not found", null)
                        : error(r, 500, "Cache store command failed", null));
        default -> List.of(error(r, -32601, "Method not found", null));
      };
    }

    /** What an OpenSIPS restart looks like from MI: new "Up since", no subscribers (13). */
    void restart() {
      subscribers.clear();
      upSince = "Sun Nov 22 22:33:51 2026"; // 13 #11
      startedAtMs = System.currentTimeMillis();
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    if (subscription != null) {
      await(subscription.stop());
    }
    if (mi != null) {
      await(mi.close());
    }
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private ScriptedUdpPeer peer(int port, Script script) throws Exception {
    ScriptedUdpPeer p = ScriptedUdpPeer.start(port, script::answer);
    toClose.add(p);
    return p;
  }

  private EventSubscriptionOptions fastOptions() {
    return new EventSubscriptionOptions()
        .setAdvertiseIp("127.0.0.1")
        .setPort(8089)
        .setExpireSeconds(120)
        .setRenewInterval(Duration.ofSeconds(60))
        .setUptimePollInterval(Duration.ofMillis(200))
        .setInitialBackoff(Duration.ofMillis(50))
        .setMaxBackoff(Duration.ofMillis(400))
        .setHeartbeatKey("oavc_connector_alive")
        .setHeartbeatValue("node-1")
        .setHeartbeatExpireSeconds(15)
        .setHeartbeatInterval(Duration.ofMillis(200))
        .setStopTimeout(Duration.ofSeconds(2))
        .setMeterRegistry(registry);
  }

  private EventSubscription start(Vertx vertx, int miPort, EventSubscriptionOptions options)
      throws Exception {
    mi =
        MiClient.create(
            vertx,
            new MiClientOptions()
                .setHost("127.0.0.1")
                .setPort(miPort)
                .setTimeout(Duration.ofMillis(300))
                .setRetries(0)
                .setMeterRegistry(registry));
    subscription = EventSubscription.create(vertx, mi, options);
    await(subscription.start());
    return subscription;
  }

  private static long count(ScriptedUdpPeer peer, String method) {
    return peer.received().stream().filter(r -> r.method().equals(method)).count();
  }

  @Test
  void subscribesOnceOpenSipsComesUpLate(Vertx vertx) throws Exception {
    // OpenSIPS down looks like a silent UDP port to us. The port stays ours meanwhile, so no
    // other process on this shared machine can pick it up and answer in its place.
    Script script = new Script();
    script.silent = true;
    ScriptedUdpPeer peer = peer(0, script);
    EventSubscription s = start(vertx, peer.port(), fastOptions());
    await().atMost(WAIT).until(() -> calls(registry, "event_subscribe", "timeout") >= 2);
    assertThat(s.isSubscribed()).isFalse();
    assertThat(s.lastMiSuccess()).isNull();

    script.silent = false;

    await().atMost(WAIT).until(s::isSubscribed);
    assertThat(script.subscribers).containsEntry(SOCKET, 120);
    assertThat(s.lastMiSuccess()).isNotNull();
    assertThat(s.subscriberSocket()).isEqualTo(SOCKET);
  }

  @Test
  void backsOffWhileOpenSipsIsSilent(Vertx vertx) throws Exception {
    Script script = new Script();
    script.silent = true;
    ScriptedUdpPeer peer = peer(0, script);
    start(
        vertx,
        peer.port(),
        fastOptions()
            .setInitialBackoff(Duration.ofMillis(50))
            .setMaxBackoff(Duration.ofSeconds(10)));
    await().atMost(WAIT).until(() -> count(peer, "event_subscribe") >= 6);
    List<Long> sentAt =
        peer.received().stream()
            .filter(r -> r.method().equals("event_subscribe"))
            .map(ScriptedUdpPeer.Request::atNanos)
            .toList();
    // Backoff 50, 100, 200, 400, 800 ms after each 300 ms timeout: the 5th gap is >= 1100 ms
    // (timers never fire early), ~350 ms without backoff. Only a lower bound with 300 ms to
    // spare for a late receive stamp is asserted: load stretches gaps, it cannot shrink them.
    assertThat(Duration.ofNanos(sentAt.get(5) - sentAt.get(4)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(800));
  }

  @Test
  void renewsWithNamedParams(Vertx vertx) throws Exception {
    Script script = new Script();
    ScriptedUdpPeer peer = peer(0, script);
    start(vertx, peer.port(), fastOptions().setRenewInterval(Duration.ofMillis(200)));

    await().atMost(WAIT).until(() -> count(peer, "event_subscribe") >= 3);
    assertThat(peer.received())
        .filteredOn(r -> r.method().equals("event_subscribe"))
        .extracting(ScriptedUdpPeer.Request::params)
        .allSatisfy(
            p ->
                assertThat(p)
                    .isEqualTo(
                        new JsonObject()
                            .put("event", "E_UA_SESSION")
                            .put("socket", SOCKET)
                            .put("expire", 120)));
    assertThat(subscription.isSubscribed()).isTrue();
  }

  @Test
  void resubscribesAtOnceAndTellsTheCallLayerAfterARestart(Vertx vertx) throws Exception {
    Script script = new Script();
    ScriptedUdpPeer peer = peer(0, script);
    AtomicInteger restarts = new AtomicInteger();
    EventSubscription s = start(vertx, peer.port(), fastOptions());
    s.onRestart(v -> restarts.incrementAndGet());
    await().atMost(WAIT).until(() -> s.isSubscribed() && count(peer, "uptime") >= 2);
    assertThat(restarts).hasValue(0);

    script.restart();

    // Renewal is 60 s away: only restart detection can bring the subscriber back this soon.
    await().atMost(WAIT).until(() -> script.subscribers.containsKey(SOCKET));
    await().atMost(WAIT).until(s::isSubscribed);
    assertThat(restarts).hasValue(1);
    assertThat(registry.get("oavc_opensips_restarts_total").counter().count()).isEqualTo(1);
    long subscribes = count(peer, "event_subscribe");
    await().atMost(WAIT).until(() -> count(peer, "uptime") >= 6);
    assertThat(restarts).as("a stable Up since is no restart").hasValue(1);
    assertThat(count(peer, "event_subscribe")).isEqualTo(subscribes);
  }

  @Test
  void aMissingCachedbLocalNeverBlocksTheSubscription(Vertx vertx) throws Exception {
    Script script = new Script();
    script.cachedbLocal = false;
    ScriptedUdpPeer peer = peer(0, script);
    start(vertx, peer.port(), fastOptions().setRenewInterval(Duration.ofMillis(300)));

    await()
        .atMost(WAIT)
        .until(() -> count(peer, "cache_store") >= 3 && count(peer, "event_subscribe") >= 3);
    assertThat(subscription.isSubscribed()).isTrue();
    assertThat(script.subscribers).containsKey(SOCKET);
    assertThat(peer.received())
        .filteredOn(r -> r.method().equals("cache_store"))
        .extracting(ScriptedUdpPeer.Request::params)
        .allSatisfy(
            p ->
                assertThat(p)
                    .isEqualTo(
                        new JsonObject()
                            .put("system", "local")
                            .put("attr", "oavc_connector_alive")
                            .put("value", "node-1")
                            .put("expire", 15)));
  }

  @Test
  void aCacheStoreFailureOfTheCoreCommandIsSurvivedToo(Vertx vertx) throws Exception {
    Script script = new Script();
    script.cachedbLocal = false;
    script.cacheErrorCode = 500;
    ScriptedUdpPeer peer = peer(0, script);
    start(vertx, peer.port(), fastOptions().setRenewInterval(Duration.ofMillis(300)));

    await()
        .atMost(WAIT)
        .until(
            () ->
                calls(registry, "cache_store", "error") >= 3
                    && count(peer, "event_subscribe") >= 3);
    assertThat(subscription.isSubscribed()).isTrue();
  }

  @Test
  void aRejectedSocketIsRetriedUntilOpenSipsAcceptsIt(Vertx vertx) throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(EventSubscription.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    log.addAppender(lines);
    try {
      Script script = new Script();
      script.rejectSocket = true;
      ScriptedUdpPeer peer = peer(0, script);
      EventSubscription s = start(vertx, peer.port(), fastOptions());
      await().atMost(WAIT).until(() -> calls(registry, "event_subscribe", "error") >= 4);
      assertThat(s.isSubscribed()).isFalse();
      assertThat(s.lastMiSuccess()).as("uptime answers meanwhile").isNotNull();

      script.rejectSocket = false;

      await().atMost(WAIT).until(s::isSubscribed);
      // State changes are logged, attempts are not: one WARN for 4+ failures, one INFO after.
      assertThat(lines.list)
          .filteredOn(e -> e.getLevel() == Level.WARN)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement()
          .asString()
          .contains("400 Bad parameter value");
      assertThat(lines.list)
          .filteredOn(e -> e.getLevel() == Level.INFO)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement()
          .asString()
          .contains("OpenSIPS answers again");
    } finally {
      log.detachAppender(lines);
    }
  }

  @Test
  void uselessSettingsAreRefusedWithTheReason(Vertx vertx) {
    MiClient unused = MiClient.create(vertx, new MiClientOptions().setPort(9));
    mi = unused;
    assertThatThrownBy(
            () ->
                EventSubscription.create(
                    vertx,
                    unused,
                    fastOptions().setExpireSeconds(10).setRenewInterval(Duration.ofSeconds(10))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lapses");
    assertThatThrownBy(
            () -> EventSubscription.create(vertx, unused, fastOptions().setHeartbeatValue("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(
            () -> EventSubscription.create(vertx, unused, fastOptions().setAdvertiseIp("::1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IPv6");
  }

  @Test
  void optionsFromTheDocumentedConfig() {
    EventSubscriptionOptions o =
        EventSubscriptionOptions.fromConfig(OavcConfig.defaultsWith(Map.of()), 18089, "node-7");
    assertThat(o.subscriberSocket()).isEqualTo("udp:127.0.0.1:18089");
    assertThat(o.getExpireSeconds()).isEqualTo(120);
    assertThat(o.getRenewInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(o.getHeartbeatKey()).isEqualTo("oavc_connector_alive");
    assertThat(o.getHeartbeatValue()).isEqualTo("node-7");
    assertThat(o.getHeartbeatExpireSeconds()).isEqualTo(15);
    assertThat(o.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void heartbeatIsStoredWhileCachedbLocalIsThere(Vertx vertx) throws Exception {
    Script script = new Script();
    ScriptedUdpPeer peer = peer(0, script);
    start(vertx, peer.port(), fastOptions());

    await().atMost(WAIT).until(() -> calls(registry, "cache_store", "ok") >= 2);
    assertThat(calls(registry, "cache_store", "error")).isZero();
  }

  @Test
  void stopUnsubscribesWithExpireZero(Vertx vertx) throws Exception {
    Script script = new Script();
    ScriptedUdpPeer peer = peer(0, script);
    EventSubscription s = start(vertx, peer.port(), fastOptions());
    await().atMost(WAIT).until(s::isSubscribed);

    await(s.stop());

    assertThat(s.isSubscribed()).isFalse();
    assertThat(script.subscribers).doesNotContainKey(SOCKET);
    assertThat(peer.received())
        .filteredOn(r -> r.method().equals("event_subscribe"))
        .last()
        .extracting(ScriptedUdpPeer.Request::params)
        .isEqualTo(
            new JsonObject().put("event", "E_UA_SESSION").put("socket", SOCKET).put("expire", 0));
    subscription = null;
  }

  @Test
  void stopIsBoundedWhenOpenSipsIsSilent(Vertx vertx) throws Exception {
    Script script = new Script();
    script.silent = true;
    ScriptedUdpPeer peer = peer(0, script);
    EventSubscription s =
        start(vertx, peer.port(), fastOptions().setStopTimeout(Duration.ofMillis(500)));
    await().atMost(WAIT).until(() -> count(peer, "event_subscribe") >= 1);

    await(s.stop()); // completes (never fails) although nobody answers

    assertThat(s.isSubscribed()).isFalse();
    subscription = null;
  }
}
