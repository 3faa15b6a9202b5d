package org.oavc.connector.opensips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oavc.connector.opensips.MiTestSupport.await;
import static org.oavc.connector.opensips.MiTestSupport.calls;
import static org.oavc.connector.opensips.MiTestSupport.failure;
import static org.oavc.connector.opensips.ScriptedUdpPeer.ok;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MiClient fed with bytes OpenSIPS really sent (wire captures): shapes and error mapping. */
class MiClientCapturedRepliesTest extends MiClientTestBase {

  @Test
  void sendsTheExactBytesOpenSipsAcceptedAndDecodesTheCapturedReply(Vertx vertx) throws Exception {
    WireSamples.Datagram capturedRequest = WireSamples.get("10-list-and-errors", 1);
    WireSamples.Datagram capturedReply = WireSamples.get("10-list-and-errors", 2);
    ScriptedUdpPeer peer = peer(r -> List.of(capturedReply.bytes()));
    MiClient mi = client(vertx, peer, Duration.ofSeconds(5), 0);

    JsonObject version = await(mi.version());

    assertThat(version.getString("Server")).isEqualTo("OpenSIPS (3.4.18 (x86_64/linux))");
    assertThat(peer.received()).hasSize(1);
    // Our first request is byte for byte the one the real OpenSIPS answered: string id "1".
    assertThat(peer.received().get(0).bytes()).isEqualTo(capturedRequest.bytes());
    assertThat(calls(registry, "version", "ok")).isEqualTo(1);
    // Percentile histogram: Prometheus gets buckets per method and outcome.
    assertThat(registry.scrape())
        .contains("oavc_mi_request_seconds_bucket{")
        .containsPattern("oavc_mi_request_seconds_count\\{[^}]*method=\"version\"[^}]*\\} 1");
  }

  @Test
  void idLessRepliesGoToTheOldestPendingRequest(Vertx vertx) throws Exception {
    ScriptedUdpPeer peer = peer(r -> SILENT);
    MiClient mi = client(vertx, peer, Duration.ofSeconds(10), 0);
    Future<Object> first = mi.call("first", null, false);
    Future<Object> second = mi.call("second", null, false);
    Future<Object> third = mi.call("third", null, false);
    ScriptedUdpPeer.Request r1 = peer.next();
    ScriptedUdpPeer.Request r2 = peer.next();
    ScriptedUdpPeer.Request r3 = peer.next();

    // Captured plain text (10 #78): no JSON, no id.
    peer.send(WireSamples.get("10-list-and-errors", 78).bytes(), r1.sender());
    MiException e = (MiException) failure(first);
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.miMessage()).isEqualTo("Parse_error");
    assertThat(e.data()).isNull();

    // Captured JSON with "id":null (10 #82) goes to the now oldest, "second".
    peer.send(WireSamples.get("10-list-and-errors", 82).bytes(), r2.sender());
    MiException e2 = (MiException) failure(second);
    assertThat(e2.code()).isEqualTo(-32600);
    assertThat(e2.miMessage()).isEqualTo("Invalid Request");

    peer.send(ok(r3), r3.sender());
    assertThat(await(third)).isEqualTo("OK");
  }

  @Test
  void jsonRpcErrorsMapToCodeMessageAndData(Vertx vertx) throws Exception {
    // Captured error replies of 10-list-and-errors, replayed with the request's id.
    int[] captured = {49, 35, 41, 63};
    List<String> texts = new ArrayList<>();
    for (int n : captured) {
      texts.add(WireSamples.get("10-list-and-errors", n).text());
    }
    ScriptedUdpPeer peer =
        peer(r -> List.of(ScriptedUdpPeer.withIdOf(r, texts.get(Integer.parseInt(r.id()) - 1))));
    MiClient mi = client(vertx, peer, Duration.ofSeconds(10), 0);

    MiException invalid = (MiException) failure(mi.call("ua_session_reply", null, false));
    assertThat(invalid.code()).isEqualTo(-32602);
    assertThat(invalid.miMessage()).isEqualTo("Invalid params");
    assertThat(invalid.data()).isEqualTo("Named parameters do not match");

    MiException notFound = (MiException) failure(mi.call("ua_session_list", null, false));
    assertThat(notFound.code()).isEqualTo(404);
    assertThat(notFound.miMessage()).isEqualTo("Entity not found");
    assertThat(notFound.data()).isNull();

    MiException failed =
        (MiException)
            failure(
                mi.uaSessionReply(
                    UaSessionReply.of("B2B.999.999.1700000000.1", "INVITE", 200, "OK")));
    assertThat(failed.code()).isEqualTo(500);
    assertThat(failed.miMessage()).isEqualTo("Failed to send reply");

    MiException unknown = (MiException) failure(mi.call("no_such_command", null, false));
    assertThat(unknown.code()).isEqualTo(-32601);
    assertThat(calls(registry, "ua_session_reply", "error")).isEqualTo(2);
  }

  @Test
  void capturedListShapesAndPlainTextFailure(Vertx vertx) throws Exception {
    // Each request answered with one captured reply (ids rewritten), in call order below.
    List<String> replies =
        List.of(
            WireSamples.get("10-list-and-errors", 31).text(), // one session by key: an object
            WireSamples.get("10-list-and-errors", 35).text(), // unknown key: 404
            WireSamples.get("10-list-and-errors", 37).text(), // malformed key: 400
            WireSamples.get("10-list-and-errors", 25).text(), // no key: an array
            WireSamples.get("10-list-and-errors", 16).text()); // event_subscribe: "OK"
    ScriptedUdpPeer peer =
        peer(
            r -> {
              int i = Integer.parseInt(r.id()) - 1;
              return i < replies.size()
                  ? List.of(ScriptedUdpPeer.withIdOf(r, replies.get(i)))
                  : List.of(WireSamples.get("15-concurrency", 286).bytes()); // "500 Internal error"
            });
    MiClient mi = client(vertx, peer, Duration.ofSeconds(10), 0);

    JsonObject session = await(mi.uaSessionList("B2B.401.215.1795386904.1939126055")).get();
    assertThat(session.getString("to_tag")).isEqualTo("B2B.401.215.1795386904.1939126055");
    assertThat(session.getInteger("state")).isEqualTo(5);
    assertThat(await(mi.uaSessionList("B2B.1.2.3.4"))).isEmpty();
    MiException malformed = (MiException) failure(mi.uaSessionList("garbage"));
    assertThat(malformed.code()).isEqualTo(400);
    assertThat(malformed.miMessage()).isEqualTo("Bad format for b2b key");
    assertThat(await(mi.uaSessionList())).hasSize(1);
    await(mi.eventSubscribe("E_UA_SESSION", "udp:127.0.0.1:8089", 120));
    MiException tooBig = (MiException) failure(mi.uaSessionList());
    assertThat(tooBig.code()).isEqualTo(500);
    assertThat(tooBig.miMessage()).isEqualTo("Internal error");
    assertThat(tooBig.data()).isNull();

    assertThat(peer.received())
        .extracting(ScriptedUdpPeer.Request::params)
        .containsExactly(
            new JsonObject().put("key", "B2B.401.215.1795386904.1939126055"),
            new JsonObject().put("key", "B2B.1.2.3.4"),
            new JsonObject().put("key", "garbage"),
            new JsonObject(),
            new JsonObject()
                .put("event", "E_UA_SESSION")
                .put("socket", "udp:127.0.0.1:8089")
                .put("expire", 120),
            new JsonObject());
  }
}
