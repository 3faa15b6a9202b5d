package org.oavc.connector.opensips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.oavc.connector.opensips.MiTestSupport.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** EventListener on a real loopback socket, fed with the captured datagrams and with junk. */
@ExtendWith(VertxExtension.class)
class EventListenerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final LinkedBlockingQueue<UaSessionEvent> events = new LinkedBlockingQueue<>();
  private final List<DatagramSocket> senders = new ArrayList<>();
  private EventListener listener;
  private InetSocketAddress target;

  @BeforeEach
  void listen(Vertx vertx) throws Exception {
    listener =
        EventListener.create(
            vertx,
            new EventListenerOptions().setHost("127.0.0.1").setPort(0).setMeterRegistry(registry));
    listener.handler(events::add);
    int port = await(listener.listen());
    assertThat(port).isPositive().isEqualTo(listener.port());
    target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  @AfterEach
  void close() throws Exception {
    await(listener.close());
    senders.forEach(DatagramSocket::close);
  }

  @Test
  void everyEventTypesCounterIsRegisteredBeforeItsFirstEvent() {
    for (UaSessionEvent.Type t : UaSessionEvent.Type.values()) {
      Counter c = registry.find("oavc_events_received_total").tag("event_type", t.name()).counter();
      assertThat(c).as(t.name()).isNotNull();
      assertThat(c.count()).isZero();
    }
  }

  private DatagramSocket sender() throws Exception {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    s.setSendBufferSize(1 << 20);
    senders.add(s);
    return s;
  }

  private void send(DatagramSocket from, byte[] bytes) throws Exception {
    from.send(new DatagramPacket(bytes, bytes.length, target));
  }

  private UaSessionEvent next() throws InterruptedException {
    UaSessionEvent e = events.poll(10, TimeUnit.SECONDS);
    assertThat(e).as("event delivered within 10 s").isNotNull();
    return e;
  }

  @Test
  void everyCapturedEventParsesWithItsFields() throws Exception {
    List<WireSamples.Datagram> captured = WireSamples.events();
    assertThat(captured).hasSizeGreaterThan(200); // all 16 scenarios, 257 events
    // Scenario 15 sent from 4 worker ports; so do we, round robin.
    List<DatagramSocket> ports = List.of(sender(), sender(), sender(), sender());
    for (int i = 0; i < captured.size(); i++) {
      WireSamples.Datagram d = captured.get(i);
      send(ports.get(i % 4), d.bytes());
      UaSessionEvent e = next();
      JsonObject p = new JsonObject(d.text()).getJsonObject("params");
      String where = d.scenario() + " #" + d.n();
      assertThat(e.key()).as(where).isEqualTo(p.getString("key"));
      assertThat(e.eventType().name()).as(where).isEqualTo(p.getString("event_type"));
      assertThat(e.entityType()).as(where).isEqualTo(p.getString("entity_type"));
      assertThat(e.status()).as(where).isEqualTo(p.getInteger("status"));
      assertThat(e.reason()).as(where).isEqualTo(p.getString("reason"));
      assertThat(e.method()).as(where).isEqualTo(p.getString("method"));
      assertThat(e.body()).as(where).isEqualTo(p.getString("body"));
      assertThat(e.headers()).as(where).isEqualTo(p.getString("headers"));
    }
    assertThat(listener.received()).isEqualTo(captured.size());
    assertThat(listener.dropped()).isZero();
    long newEvents =
        captured.stream().filter(d -> d.text().contains("\"event_type\":\"NEW\"")).count();
    assertThat(
            registry.get("oavc_events_received_total").tag("event_type", "NEW").counter().count())
        .isEqualTo(newEvents);
  }

  @Test
  void eventsFromAnotherHostAreDroppedUnreadAndCounted() throws Exception {
    byte[] captured = WireSamples.events().get(0).bytes();
    DatagramSocket attacker = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
    senders.add(attacker);
    for (int i = 0; i < 5; i++) {
      send(attacker, captured);
    }
    send(sender(), captured); // OpenSIPS itself, right behind them
    assertThat(next().key())
        .isEqualTo(
            new JsonObject(new String(captured, StandardCharsets.UTF_8))
                .getJsonObject("params")
                .getString("key"));
    assertThat(events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(registry.get("oavc_events_dropped_total").tag("reason", "source").counter().count())
        .isEqualTo(5);
    assertThat(
            registry.find("oavc_events_received_total").counters().stream()
                .mapToDouble(Counter::count)
                .sum())
        .isEqualTo(1);
  }

  @Test
  void allowedSourcesMayBeANetworkAndTheDefaultIsLoopbackOnly(Vertx vertx) throws Exception {
    EventListenerOptions defaults = new EventListenerOptions();
    assertThat(defaults.getHost()).isEqualTo("127.0.0.1");
    assertThat(defaults.getAllowedSources())
        .containsExactly(org.oavc.common.net.Cidr.parse("127.0.0.1"));
    assertThatThrownBy(() -> defaults.setAllowedSources(List.of()))
        .isInstanceOf(IllegalArgumentException.class);

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LinkedBlockingQueue<UaSessionEvent> got = new LinkedBlockingQueue<>();
    EventListener wide =
        EventListener.create(
            vertx,
            new EventListenerOptions()
                .setHost("127.0.0.1")
                .setPort(0)
                .setAllowedSources(List.of(org.oavc.common.net.Cidr.parse("127.0.0.0/30")))
                .setMeterRegistry(meters));
    wide.handler(got::add);
    int port = await(wide.listen());
    try {
      byte[] captured = WireSamples.events().get(0).bytes();
      for (String from : new String[] {"127.0.0.2", "127.0.0.5"}) {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(from, 0));
        senders.add(s);
        s.send(
            new DatagramPacket(
                captured,
                captured.length,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
      }
      assertThat(got.poll(10, TimeUnit.SECONDS))
          .as("from 127.0.0.2, inside 127.0.0.0/30")
          .isNotNull();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> wide.dropped() == 1);
      assertThat(got).isEmpty();
      assertThat(meters.get("oavc_events_dropped_total").tag("reason", "source").counter().count())
          .isEqualTo(1);
    } finally {
      await(wide.close());
    }
  }

  @Test
  void unusableDatagramsAreDroppedCountedAndTheListenerKeepsWorking() throws Exception {
    String good = WireSamples.events().get(0).text();
    JsonObject valid = new JsonObject(good);
    JsonObject params = valid.getJsonObject("params");
    List<Object[]> junk =
        List.of(
            new Object[] {"hello opensips".getBytes(StandardCharsets.UTF_8), "not_json"},
            new Object[] {
              good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8), "not_json"
            },
            new Object[] {with(valid, params.copy().put("status", "200")), "bad_field"},
            new Object[] {with(valid, without(params, "key")), "bad_field"},
            new Object[] {with(valid, params.copy().put("body", 42)), "bad_field"},
            new Object[] {with(valid, params.copy().put("status", 1000)), "bad_field"},
            new Object[] {with(valid, params.copy().put("status", 200.5)), "bad_field"},
            new Object[] {
              valid.copy().put("method", "E_SOMETHING_ELSE").toBuffer().getBytes(), "unknown_event"
            },
            new Object[] {
              with(valid, params.copy().put("event_type", "EXPLODED")), "unknown_event_type"
            },
            new Object[] {"[1,2,3]".getBytes(StandardCharsets.UTF_8), "not_object"},
            new Object[] {new byte[0], "empty"},
            new Object[] {filled(65000, (byte) 'x'), "not_json"},
            new Object[] {filled(65000, (byte) 0), "not_json"});
    DatagramSocket s = sender();
    for (Object[] j : junk) {
      send(s, (byte[]) j[0]);
      // The valid event right behind each bad one must still come through.
      send(s, good.getBytes(StandardCharsets.UTF_8));
      assertThat(next().key()).isEqualTo(params.getString("key"));
    }
    assertThat(listener.dropped()).isEqualTo(junk.size());
    assertThat(listener.received()).isEqualTo(junk.size());
    for (String reason :
        List.of(
            "not_json",
            "bad_field",
            "unknown_event",
            "unknown_event_type",
            "not_object",
            "empty")) {
      long expected = junk.stream().filter(j -> j[1].equals(reason)).count();
      Counter c = registry.find("oavc_events_dropped_total").tag("reason", reason).counter();
      assertThat(c).as(reason).isNotNull();
      assertThat(c.count()).as(reason).isEqualTo(expected);
    }
  }

  @Test
  void aMaximalDatagramIsReceivedWhole() throws Exception {
    JsonObject valid = new JsonObject(WireSamples.events().get(0).text());
    JsonObject params = valid.getJsonObject("params").put("body", "");
    int base = with(valid, params).length;
    String body = "a".repeat(65507 - base); // the IPv4 UDP payload maximum
    byte[] big = with(valid, params.copy().put("body", body));
    assertThat(big).hasSize(65507);

    send(sender(), big);

    assertThat(next().body()).isEqualTo(body);
  }

  @Test
  void neverAnswersTheSender() throws Exception {
    DatagramSocket s = sender();
    send(s, WireSamples.events().get(0).bytes());
    send(s, "garbage".getBytes(StandardCharsets.UTF_8));
    next();
    s.setSoTimeout(500);
    byte[] buf = new byte[2048];
    assertThatThrownBy(() -> s.receive(new DatagramPacket(buf, buf.length)))
        .isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void aThrowingHandlerDoesNotStopTheListener() throws Exception {
    listener.handler(
        e -> {
          events.add(e);
          throw new IllegalStateException("handler bug");
        });
    DatagramSocket s = sender();
    send(s, WireSamples.events().get(0).bytes());
    send(s, WireSamples.events().get(1).bytes());
    next();
    next();
    assertThat(listener.received()).isEqualTo(2);
  }

  @Test
  void aFloodOfJunkCostsAboutOneLogLinePerSecond() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(EventListener.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    log.addAppender(lines);
    try {
      DatagramSocket s = sender();
      long start = System.nanoTime();
      for (int batch = 1; batch <= 10; batch++) {
        for (int i = 0; i < 50; i++) {
          send(s, ("junk " + i).getBytes(StandardCharsets.UTF_8));
        }
        long expected = batch * 50L;
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> listener.dropped() == expected);
      }
      long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      long warns = lines.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
      assertThat(warns).isBetween(1L, elapsedSeconds + 1);
      assertThat(listener.dropped()).isEqualTo(500);
    } finally {
      log.detachAppender(lines);
    }
  }

  @Test
  void aTakenPortFailsListenClearly(Vertx vertx) throws Exception {
    EventListener second =
        EventListener.create(
            vertx,
            new EventListenerOptions()
                .setHost("127.0.0.1")
                .setPort(listener.port())
                .setMeterRegistry(registry));
    Throwable t = MiTestSupport.failure(second.listen());
    assertThat(t).hasMessageContaining("in use");
    assertThat(second.port()).isEqualTo(-1);
    await(second.close());
    // The first listener is unaffected.
    send(sender(), WireSamples.events().get(0).bytes());
    next();
  }

  private static byte[] with(JsonObject event, JsonObject params) {
    return event.copy().put("params", params).toBuffer().getBytes();
  }

  private static JsonObject without(JsonObject o, String name) {
    JsonObject c = o.copy();
    c.remove(name);
    return c;
  }

  private static byte[] filled(int n, byte b) {
    byte[] a = new byte[n];
    Arrays.fill(a, b);
    return a;
  }
}
