package org.oavc.connector.testdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * proto_ws of the double (18-websocket-caller): a browser-style caller over SIP WebSocket gets its
 * 200 over the same connection with a ws Contact, and the connector's hang-up reaches it there,
 * addressed as fix_nated_contact() rewrites its *.invalid Contact. No Origin, no handshake.
 */
class OpenSipsDoubleWebSocketTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SDP =
      "v=0\r\no=ai 1 2 IN IP4 127.0.0.1\r\ns=-\r\n"
          + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\n";

  private OpenSipsDouble dbl;
  private ScriptedConnector connector;
  private Vertx vertx;
  private WebSocketClient client;

  @BeforeEach
  void setUp() throws Exception {
    dbl = new OpenSipsDouble(new OpenSipsDoubleOptions().setWebSocketPort(0));
    dbl.start();
    connector = new ScriptedConnector(dbl.miAddress());
    connector.subscribe();
    vertx = Vertx.vertx();
    client = vertx.createWebSocketClient();
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close().await();
    vertx.close().await();
    connector.close();
    dbl.stop();
  }

  private WebSocketConnectOptions connect(boolean origin) {
    WebSocketConnectOptions o =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(dbl.webSocketAddress().getPort())
            .setURI("/")
            .setSubProtocols(List.of("sip"));
    if (origin) {
      o.addHeader("Origin", "http://127.0.0.1:8081");
    } else {
      o.setAllowOriginHeader(false); // Vert.x would add one of its own
    }
    return o;
  }

  @Test
  void aBrowserStyleCallIsAnsweredAndHungUpOverItsWebSocket() throws Exception {
    WebSocket ws = client.connect(connect(true)).await();
    assertThat(ws.subProtocol()).isEqualTo("sip");
    List<String> received = new CopyOnWriteArrayList<>();
    ws.textMessageHandler(received::add);
    int port = ws.localAddress().port();
    ws.writeTextMessage(invite("ws-call-1")).await();

    JsonObject neu = connector.awaitEvent(p -> "NEW".equals(p.getString("event_type")));
    assertThat(neu.getString("headers")).contains("Via: SIP/2.0/WS df7jal23ls0d.invalid");
    String key = neu.getString("key");
    assertThat(connector.answer(key, SDP).getString("result")).isEqualTo("OK");
    String ok = await().atMost(WAIT).until(() -> first(received, "SIP/2.0 200 OK"), m -> m != null);
    assertThat(ok)
        .contains("Contact: <sip:127.0.0.1:" + dbl.webSocketAddress().getPort() + ";transport=ws>");

    assertThat(
            connector
                .call("ua_session_terminate", new JsonObject().put("key", key))
                .getString("result"))
        .isEqualTo("OK");
    String bye = await().atMost(WAIT).until(() -> first(received, "BYE "), m -> m != null);
    assertThat(bye).startsWith("BYE sip:b7x@127.0.0.1:" + port + ";transport=ws;ob SIP/2.0");
    ws.close().await();
  }

  @Test
  void aHandshakeWithoutOriginIsRefused() {
    assertThat(client.connect(connect(false)).toCompletionStage().toCompletableFuture())
        .failsWithin(WAIT);
  }

  private static String first(List<String> messages, String prefix) {
    return messages.stream().filter(m -> m.startsWith(prefix)).findFirst().orElse(null);
  }

  /** An INVITE as a browser's JsSIP sends it over WebSocket (18-websocket-caller). */
  private static String invite(String callId) {
    String sdp =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n"
            + "a=rtpmap:111 opus/48000/2\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijkl\r\n"
            + "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n"
            + "a=setup:actpass\r\na=rtcp-mux\r\n";
    return "INVITE sip:ai@127.0.0.1 SIP/2.0\r\n"
        + "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK"
        + callId
        + "\r\nMax-Forwards: 69\r\nTo: <sip:ai@127.0.0.1>\r\n"
        + "From: <sip:b7x@127.0.0.1>;tag="
        + callId
        + "t\r\nCall-ID: "
        + callId
        + "\r\nCSeq: 1 INVITE\r\n"
        + "Contact: <sip:b7x@df7jal23ls0d.invalid;transport=ws;ob>\r\n"
        + "Content-Type: application/sdp\r\nContent-Length: "
        + sdp.length()
        + "\r\n\r\n"
        + sdp;
  }
}
