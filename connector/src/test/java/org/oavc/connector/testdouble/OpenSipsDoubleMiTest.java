package org.oavc.connector.testdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.testdouble.Capture.Datagram;

/** MI behaviour of the double beyond the replayed calls: subscriptions, limits, fault controls. */
class OpenSipsDoubleMiTest {
  private OpenSipsDouble dbl;
  private ScriptedConnector connector;

  @BeforeEach
  void setUp() throws Exception {
    dbl = new OpenSipsDouble(new OpenSipsDoubleOptions());
    dbl.start();
    connector = new ScriptedConnector(dbl.miAddress());
  }

  @AfterEach
  void tearDown() throws Exception {
    connector.close();
    dbl.stop();
  }

  /**
   * 01 #1-#48 byte for byte: events_list, named/positional subscribe, re-subscribe in place, expire
   * 0 listed as "expired", every error reply, port 70000 stored as 4464.
   */
  @Test
  void subscribeErrorsMatchCapture01() throws Exception {
    assumeTrue(Capture.available(), "wire captures not found");
    List<Datagram> mi =
        Capture.load("01").timeline.stream()
            .filter(d -> d.channel().equals("mi") && d.n() >= 1 && d.n() <= 48)
            .toList();
    for (int i = 0; i + 1 < mi.size(); i += 2) {
      Datagram request = mi.get(i);
      Datagram expected = mi.get(i + 1);
      assertThat(text(connector.raw(request.bytes())))
          .as("capture #%d %s", request.n(), request.note())
          .isEqualTo(expected.text());
    }
    assertThat(mi.get(mi.size() - 1).text()).contains("udp:127.0.0.1:4464");
  }

  /** 17: a cfg without advertised_contact fails every outbound call, and nothing is sent. */
  @Test
  void clientStartWithoutAdvertisedContactFails() throws Exception {
    OpenSipsDouble bare =
        new OpenSipsDouble(new OpenSipsDoubleOptions().setAdvertisedContact(null));
    bare.start();
    try (ScriptedConnector mi = new ScriptedConnector(bare.miAddress())) {
      JsonObject reply =
          mi.call(
              "ua_session_client_start",
              new JsonObject()
                  .put("ruri", "sip:callee@127.0.0.1:5080")
                  .put("to", "sip:callee@127.0.0.1:5080")
                  .put("from", "sip:agent@127.0.0.1:5060"));
      assertThat(reply.getJsonObject("error").encode())
          .isEqualTo("{\"code\":500,\"message\":\"Failed to start session\"}");
      assertThat(bare.sipSent()).isEmpty();
      assertThat(bare.sessionKeys()).isEmpty();
    } finally {
      bare.stop();
    }
  }

  @Test
  void ipv6SubscriberIsRejected() throws Exception {
    JsonObject reply =
        connector.call(
            "event_subscribe", new JsonArray().add("E_UA_SESSION").add("udp:[::1]:8089"));
    assertThat(reply.getJsonObject("error").encode())
        .isEqualTo("{\"code\":400,\"message\":\"Bad parameter value\"}");
  }

  /** Fact 23: purging an expired subscriber also drops the one listed before it. */
  @Test
  void subscribersListPurgeAlsoDropsThePrecedingSubscriber() throws Exception {
    connector.call(
        "event_subscribe", new JsonArray().add("E_UA_SESSION").add("udp:127.0.0.1:9101").add(120));
    connector.call(
        "event_subscribe", new JsonArray().add("E_UA_SESSION").add("udp:127.0.0.1:9102").add(120));
    connector.call(
        "event_subscribe", new JsonArray().add("E_UA_SESSION").add("udp:127.0.0.1:9101").add(1));
    String first = connector.call("subscribers_list", new JsonObject()).encode();
    assertThat(first.indexOf("9102")).isLessThan(first.indexOf("9101"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> !connector.call("subscribers_list", new JsonObject()).encode().contains("9101"));
    assertThat(
            connector
                .call("subscribers_list", new JsonObject())
                .getJsonObject("result")
                .getJsonArray("Events"))
        .isEmpty();
  }

  /** 15: a reply larger than one mi_datagram buffer becomes the plain text "500 Internal error". */
  @Test
  void listOf150SessionsIsTooBigForOneDatagram() throws Exception {
    try (SipPeer caller = new SipPeer(dbl.sipAddress())) {
      for (int i = 0; i < 150; i++) {
        caller.send(caller.invite("plain", "big-" + i));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> dbl.sessionKeys().size() == 150);
    }
    byte[] reply =
        connector.raw(
            bytes(
                "{\"jsonrpc\":\"2.0\",\"method\":\"ua_session_list\",\"params\":{},\"id\":\"1\"}"));
    assertThat(text(reply)).isEqualTo("500 Internal error");
  }

  @Test
  void pausedMiDropsRequestsAndDelayedRepliesKeepTheirOrder() throws Exception {
    dbl.pauseMi();
    connector.send(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"version\",\"id\":\"lost\"}"));
    await().atMost(Duration.ofSeconds(10)).until(() -> dbl.droppedMiRequests() == 1);
    dbl.resumeMi();
    assertThat(
            text(
                connector.raw(
                    bytes("{\"jsonrpc\":\"2.0\",\"method\":\"version\",\"id\":\"kept\"}"))))
        .endsWith("\"id\":\"kept\"}");

    dbl.delayMiReplies(200);
    for (int i = 1; i <= 3; i++) {
      connector.send(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"version\",\"id\":" + i + "}"));
    }
    for (int i = 1; i <= 3; i++) {
      assertThat(text(connector.raw(new byte[0]))).endsWith("\"id\":" + i + "}");
    }
  }

  @Test
  void restartLosesSubscriptionsAndSessionsAndChangesUpSince() throws Exception {
    connector.subscribe();
    String before =
        connector.call("uptime", new JsonObject()).getJsonObject("result").getString("Up since");
    try (SipPeer caller = new SipPeer(dbl.sipAddress())) {
      caller.send(caller.invite("ai", "restart-1"));
      connector.awaitEvent(p -> "NEW".equals(p.getString("event_type")));
      dbl.restart();
      assertThat(connector.call("ua_session_list", new JsonObject()).getJsonArray("result"))
          .isEmpty();
      assertThat(
              connector
                  .call("subscribers_list", new JsonObject())
                  .getJsonObject("result")
                  .getJsonArray("Events"))
          .isEmpty();
      assertThat(
              connector
                  .call("uptime", new JsonObject())
                  .getJsonObject("result")
                  .getString("Up since"))
          .isNotEqualTo(before);
      int events = dbl.eventsSent().size();
      caller.send(caller.invite("ai", "restart-2"));
      await().atMost(Duration.ofSeconds(10)).until(() -> dbl.sessionKeys().size() == 1);
      assertThat(dbl.eventsSent()).hasSize(events);
    }
  }

  @Test
  void cacheStoresFetchesExpiresAndRemoves() throws Exception {
    connector.call(
        "cache_store", new JsonObject().put("system", "local").put("attr", "a").put("value", "1"));
    connector.call(
        "cache_store",
        new JsonObject()
            .put("system", "local")
            .put("attr", "b")
            .put("value", "2")
            .put("expire", 1));
    assertThat(
            connector
                .call("cache_fetch", new JsonObject().put("system", "local").put("attr", "a"))
                .getJsonObject("result")
                .getString("value"))
        .isEqualTo("1");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                connector
                    .call("cache_fetch", new JsonObject().put("system", "local").put("attr", "b"))
                    .containsKey("error"));
    connector.call("cache_remove", new JsonObject().put("system", "local").put("attr", "a"));
    assertThat(
            connector
                .call("cache_fetch", new JsonObject().put("system", "local").put("attr", "a"))
                .getJsonObject("error")
                .getInteger("code"))
        .isEqualTo(404);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
