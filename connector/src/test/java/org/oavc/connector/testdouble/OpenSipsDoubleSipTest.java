package org.oavc.connector.testdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SIP behaviour of the double with a raw SIP caller and the scripted connector. */
class OpenSipsDoubleSipTest {
  private static final String SDP =
      "v=0\r\no=ai 1 2 IN IP4 127.0.0.1\r\ns=-\r\n"
          + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\n";
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private OpenSipsDouble dbl;
  private ScriptedConnector connector;
  private SipPeer caller;

  @BeforeEach
  void setUp() throws Exception {
    dbl = new OpenSipsDouble(new OpenSipsDoubleOptions().setMeterRegistry(registry));
    dbl.start();
    connector = new ScriptedConnector(dbl.miAddress());
    connector.subscribe();
    caller = new SipPeer(dbl.sipAddress());
  }

  @AfterEach
  void tearDown() throws Exception {
    caller.close();
    connector.close();
    dbl.stop();
  }

  @Test
  void strayRequestsGet405Or481AndGarbageIsCountedNotFatal() throws Exception {
    caller.send("this is not SIP\r\n\r\n");
    caller.send(
        caller
            .inDialog("OPTIONS", "stray-1", "B2B.1.2.3.4", 1, "ai")
            .replace(";tag=B2B.1.2.3.4", ""));
    assertThat(caller.receiveStartingWith("SIP/2.0 ")).startsWith("SIP/2.0 405 Method Not Allowed");
    caller.send(caller.inDialog("INFO", "stray-2", "B2B.1.2.3.4", 2, "ai"));
    assertThat(caller.receiveStartingWith("SIP/2.0 "))
        .startsWith("SIP/2.0 481 Call/Transaction Does Not Exist");
    assertThat(registry.counter("opensips.double.sip.malformed").count()).isEqualTo(1.0);
  }

  @Test
  void expiredSessionSendsByeWithoutEvent() throws Exception {
    String key = answer("ai", "expire-1");
    int events = dbl.eventsSent().size();
    dbl.expireSession(key);
    String bye = caller.receiveStartingWith("BYE ");
    assertThat(bye).contains("From: <sip:ai@").contains(";tag=" + key).contains("CSeq: 2 BYE");
    caller.send(SipPeer.replyTo(bye, 200, "OK"));
    settle("SIP/2.0 200 OK");
    assertThat(
            connector
                .call("ua_session_list", new JsonObject().put("key", key))
                .getJsonObject("error")
                .getInteger("code"))
        .isEqualTo(404);
    assertThat(dbl.eventsSent()).hasSize(events);
  }

  @Test
  void unansweredConnectorReinviteEndsInLocal408AndTheDialogSurvives() throws Exception {
    String key = answer("ai", "reinvite-1");
    connector.call(
        "ua_session_update",
        new JsonObject().put("key", key).put("method", "INVITE").put("body", SDP));
    assertThat(caller.receiveStartingWith("INVITE "))
        .contains("CSeq: 2 INVITE")
        .contains("Content-Type: application/sdp\r\nContact: <sip:");
    JsonObject timeout = connector.awaitEvent(p -> "REJECTED".equals(p.getString("event_type")));
    assertThat(timeout.getInteger("status")).isEqualTo(408);
    assertThat(timeout.getString("reason")).isEqualTo("Timeout");
    assertThat(timeout.getValue("body")).isNull();
    assertThat(timeout.getString("headers"))
        .matches("From: <sip:ai@[^>]+>;tag=" + key.replace(".", "\\.") + "\r\n");
    assertThat(
            connector
                .call("ua_session_list", new JsonObject().put("key", key))
                .getJsonObject("result")
                .getInteger("state"))
        .isEqualTo(6);
  }

  @Test
  void flagDHoldsTheAckUntilTheConnectorSendsIt() throws Exception {
    String key = answer("noack", "noack-1");
    connector.call(
        "ua_session_update",
        new JsonObject().put("key", key).put("method", "INVITE").put("body", SDP));
    String reinvite = caller.receiveStartingWith("INVITE ");
    caller.send(SipPeer.replyTo(reinvite, 200, "OK"));
    JsonObject answered = connector.awaitEvent(p -> "ANSWERED".equals(p.getString("event_type")));
    assertThat(answered.getInteger("status")).isEqualTo(200);
    assertThat(dbl.sipSent()).noneMatch(r -> r.firstLine().startsWith("ACK "));
    connector.call("ua_session_update", new JsonObject().put("key", key).put("method", "ACK"));
    assertThat(caller.receiveStartingWith("ACK ")).contains("CSeq: 2 ACK");
  }

  @Test
  void terminateWithExtraHeadersCorruptsTheByeAndItsReplyRaisesNothing() throws Exception {
    String key = answer("ai", "bye-1");
    int events = dbl.eventsSent().size();
    JsonObject reply =
        connector.call(
            "ua_session_terminate",
            new JsonObject().put("key", key).put("extra_headers", "Reason: Q.850;cause=16\r\n"));
    assertThat(reply.getString("result")).isEqualTo("OK");
    String bye = caller.receiveStartingWith("BYE ");
    assertThat(bye).contains("Content-Type: application/sdp\r\n").doesNotContain("Reason:");
    caller.send(SipPeer.replyTo(bye, 200, "OK"));
    settle("SIP/2.0 200 OK");
    assertThat(dbl.eventsSent()).hasSize(events);
  }

  @Test
  void pendingInfoGets487WhenTheCallerHangsUp() throws Exception {
    String key = answer("ai", "info-1");
    caller.send(caller.inDialog("INFO", "info-1", key, 2, "ai"));
    assertThat(
            connector
                .awaitEvent(p -> "UPDATED".equals(p.getString("event_type")))
                .getString("method"))
        .isEqualTo("INFO");
    caller.send(caller.inDialog("BYE", "info-1", key, 3, "ai"));
    assertThat(caller.receive(t -> t.contains("CSeq: 3 BYE"))).startsWith("SIP/2.0 200 OK");
    assertThat(caller.receive(t -> t.contains("CSeq: 2 INFO")))
        .startsWith("SIP/2.0 487 Request Terminated");
    assertThat(
            connector
                .awaitEvent(p -> "TERMINATED".equals(p.getString("event_type")))
                .getString("method"))
        .isEqualTo("BYE");
  }

  /**
   * Facts of the real OpenSIPS a cluster relies on: every subscriber gets every event (NEW and
   * TERMINATED alike), and a second 200 for one INVITE answers "OK" yet changes nothing.
   */
  @Test
  void everySubscriberGetsEveryEventAndASecond200IsAnsweredOk() throws Exception {
    try (ScriptedConnector other = new ScriptedConnector(dbl.miAddress())) {
      other.subscribe();
      String key = answer("ai", "two-subscribers-1");
      assertThat(other.awaitEvent(p -> "NEW".equals(p.getString("event_type"))).getString("key"))
          .isEqualTo(key);
      JsonObject second = other.answer(key, SDP);
      assertThat(second.getValue("result")).isEqualTo("OK");
      caller.send(caller.inDialog("BYE", "two-subscribers-1", key, 2, "ai"));
      for (ScriptedConnector c : new ScriptedConnector[] {connector, other}) {
        assertThat(
                c.awaitEvent(p -> "TERMINATED".equals(p.getString("event_type"))).getString("key"))
            .isEqualTo(key);
      }
    }
  }

  /** 16: SIP over IPv6 works, Contact is the expanded IPv6 socket, events go to IPv4. */
  @Test
  void ipv6CallerGetsAnIpv6ContactAndTheEventStillReachesTheIpv4Subscriber() throws Exception {
    try (OpenSipsDouble v6 = new OpenSipsDouble(new OpenSipsDoubleOptions().setSipHost("::1"));
        SipPeer peer = new SipPeer(v6.start().result().sipAddress());
        ScriptedConnector c = new ScriptedConnector(v6.miAddress())) {
      c.subscribe();
      peer.send(peer.invite("ai", "v6-1"));
      String key = c.awaitEvent(p -> "NEW".equals(p.getString("event_type"))).getString("key");
      c.answer(key, SDP);
      assertThat(peer.receiveStartingWith("SIP/2.0 200 OK"))
          .contains("Contact: <sip:[0:0:0:0:0:0:0:1]:" + v6.sipAddress().getPort() + ">\r\n");
    }
  }

  /**
   * Waits until the double received a datagram with this first line and its core thread handled it:
   * an MI round trip queues behind it on the same thread.
   */
  private void settle(String firstLine) throws Exception {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> dbl.sipReceived().stream().anyMatch(r -> r.firstLine().equals(firstLine)));
    connector.call("version", new JsonObject());
  }

  /** INVITE to {@code user}, NEW, 200 with SDP from the connector, ACK; returns the key. */
  private String answer(String user, String callId) throws Exception {
    caller.send(caller.invite(user, callId));
    assertThat(caller.receiveStartingWith("SIP/2.0 100")).startsWith("SIP/2.0 100 Giving it a try");
    String key =
        connector.awaitEvent(p -> "NEW".equals(p.getString("event_type"))).getString("key");
    connector.answer(key, SDP);
    String ok = caller.receiveStartingWith("SIP/2.0 200 OK");
    assertThat(ok)
        .contains("tag=" + key)
        .contains("Content-Type: application/sdp")
        .contains("Server: OpenSIPS (3.4.18 (x86_64/linux))");
    caller.send(caller.inDialog("ACK", callId, key, 1, user));
    return key;
  }
}
