package org.oavc.connector.opensips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oavc.connector.opensips.MiTestSupport.await;
import static org.oavc.connector.opensips.MiTestSupport.calls;
import static org.oavc.connector.opensips.MiTestSupport.failure;
import static org.oavc.connector.opensips.ScriptedUdpPeer.error;
import static org.oavc.connector.opensips.ScriptedUdpPeer.ok;
import static org.oavc.connector.opensips.ScriptedUdpPeer.result;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MiClient against a scripted UDP peer on loopback: matching, errors, timeouts, retries. */
@ExtendWith(VertxExtension.class)
class MiClientTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private MiClient client;

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      await(client.close());
    }
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private ScriptedUdpPeer peer(Function<ScriptedUdpPeer.Request, List<byte[]>> script)
      throws Exception {
    ScriptedUdpPeer p = ScriptedUdpPeer.start(script);
    toClose.add(p);
    return p;
  }

  private MiClient client(Vertx vertx, ScriptedUdpPeer peer, Duration timeout, int retries) {
    client = MiClient.create(vertx, new MiClientOptions().setHost("127.0.0.1")
        .setPort(peer.port()).setTimeout(timeout).setRetries(retries).setMeterRegistry(registry));
    return client;
  }

  private static final List<byte[]> SILENT = List.of();

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
  void outOfOrderRepliesAreMatchedById(Vertx vertx) throws Exception {
    ScriptedUdpPeer peer = peer(r -> SILENT);
    MiClient mi = client(vertx, peer, Duration.ofSeconds(10), 0);
    List<Future<Object>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      futures.add(mi.call("echo", new JsonObject().put("n", i), false));
    }
    List<ScriptedUdpPeer.Request> requests = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      requests.add(peer.next());
    }
    assertThat(requests).extracting(ScriptedUdpPeer.Request::id)
        .containsExactly("1", "2", "3", "4", "5");
    // Answer newest first: each reply carries the n of the request it answers.
    for (int i = 4; i >= 0; i--) {
      ScriptedUdpPeer.Request r = requests.get(i);
      peer.send(result(r, "n=" + r.params().getInteger("n")), r.sender());
    }
    for (int i = 0; i < 5; i++) {
      assertThat(await(futures.get(i))).isEqualTo("n=" + i);
    }
    assertThat(mi.pending()).isZero();
  }

  @Test
  void manyRequestsInFlightAnsweredInOrder(Vertx vertx) throws Exception {
    ScriptedUdpPeer peer = peer(r -> List.of(result(r, r.params().getInteger("n"))));
    MiClient mi = client(vertx, peer, Duration.ofSeconds(10), 0);
    List<Future<Object>> futures = new ArrayList<>();
    for (int i = 0; i < 71; i++) { // scenario 15 had 71 in flight
      futures.add(mi.call("echo", new JsonObject().put("n", i), false));
    }
    for (int i = 0; i < 71; i++) {
      assertThat(((Number) await(futures.get(i))).intValue()).isEqualTo(i);
    }
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
  void aReplyWithAnotherIdIsAnOrphanAndTheEchoedIdCompletes(Vertx vertx) throws Exception {
    ScriptedUdpPeer peer = peer(r -> SILENT);
    MiClient mi = client(vertx, peer, Duration.ofSeconds(10), 0);
    Future<Object> call = mi.call("version", null, false);
    ScriptedUdpPeer.Request r = peer.next();

    peer.send("{\"jsonrpc\":\"2.0\",\"result\":\"OK\",\"id\":\"999\"}", r.sender());
    peer.send("not a reply at all", r.sender());
    await().atMost(Duration.ofSeconds(10)).until(() -> orphans() == 2);
    assertThat(call.isComplete()).isFalse();
    assertThat(mi.pending()).isEqualTo(1);

    peer.send(ok(r), r.sender());
    assertThat(await(call)).isEqualTo("OK");
  }

  @Test
  void jsonRpcErrorsMapToCodeMessageAndData(Vertx vertx) throws Exception {
    // Captured error replies of 10-list-and-errors, replayed with the request's id.
    int[] captured = {49, 35, 41, 63};
    List<String> texts = new ArrayList<>();
    for (int n : captured) {
      texts.add(WireSamples.get("10-list-and-errors", n).text());
    }
    ScriptedUdpPeer peer = peer(r -> List.of(ScriptedUdpPeer.withIdOf(r,
        texts.get(Integer.parseInt(r.id()) - 1))));
    MiClient mi = client(vertx, peer, Duration.ofSeconds(10), 0);

    MiException invalid = (MiException) failure(mi.call("ua_session_reply", null, false));
    assertThat(invalid.code()).isEqualTo(-32602);
    assertThat(invalid.miMessage()).isEqualTo("Invalid params");
    assertThat(invalid.data()).isEqualTo("Named parameters do not match");

    MiException notFound = (MiException) failure(mi.call("ua_session_list", null, false));
    assertThat(notFound.code()).isEqualTo(404);
    assertThat(notFound.miMessage()).isEqualTo("Entity not found");
    assertThat(notFound.data()).isNull();

    MiException failed = (MiException) failure(mi.uaSessionReply(
        UaSessionReply.of("B2B.999.999.1700000000.1", "INVITE", 200, "OK")));
    assertThat(failed.code()).isEqualTo(500);
    assertThat(failed.miMessage()).isEqualTo("Failed to send reply");

    MiException unknown = (MiException) failure(mi.call("no_such_command", null, false));
    assertThat(unknown.code()).isEqualTo(-32601);
    assertThat(calls(registry, "ua_session_reply", "error")).isEqualTo(2);
  }

  @Test
  void nonIdempotentCallTimesOutAfterOneAttempt(Vertx vertx) throws Exception {
    ScriptedUdpPeer peer = peer(r -> r.method().equals("version")
        ? List.of(result(r, new JsonObject().put("Server", "test"))) : SILENT);
    MiClient mi = client(vertx, peer, Duration.ofMillis(300), 2);

    Throwable t = failure(mi.uaSessionReply(UaSessionReply.of("B2B.1.2.3.4", "INVITE", 180,
        "Ringing")));
    assertThat(t).isInstanceOf(MiTimeoutException.class).hasMessageContaining("1 attempt");
    Throwable t2 = failure(mi.uaSessionTerminate("B2B.1.2.3.4"));
    assertThat(t2).isInstanceOf(MiTimeoutException.class);
    Throwable t3 = failure(mi.uaSessionUpdate(UaSessionUpdate.of("B2B.1.2.3.4", "INFO")));
    assertThat(t3).isInstanceOf(MiTimeoutException.class);
    // One socket, one order: had a retry been sent, it would come before this version.
    await(mi.version());
    assertThat(peer.received()).extracting(ScriptedUdpPeer.Request::method)
        .containsExactly("ua_session_reply", "ua_session_terminate", "ua_session_update",
            "version");
    assertThat(calls(registry, "ua_session_reply", "timeout")).isEqualTo(1);
    assertThat(mi.pending()).isZero();
  }

  @Test
  void idempotentCallsAreRetriedWithFreshIdsThenTimeOut(Vertx vertx) throws Exception {
    ScriptedUdpPeer peer = peer(r -> SILENT);
    MiClient mi = client(vertx, peer, Duration.ofMillis(300), 2);

    Throwable t = failure(mi.uaSessionList());
    assertThat(t).isInstanceOf(MiTimeoutException.class).hasMessageContaining("3 attempt");
    await().atMost(Duration.ofSeconds(10)).until(() -> peer.received().size() == 3);
    assertThat(peer.received()).extracting(ScriptedUdpPeer.Request::id)
        .containsExactly("1", "2", "3");
    assertThat(peer.received()).extracting(ScriptedUdpPeer.Request::method)
        .containsOnly("ua_session_list");
    assertThat(calls(registry, "ua_session_list", "timeout")).isEqualTo(1);
  }

  @Test
  void aRetryThatIsAnsweredSucceeds(Vertx vertx) throws Exception {
    // Only the second attempt is answered; the first one's late answer would be an orphan.
    String capturedUptime = WireSamples.get("10-list-and-errors", 4).text();
    ScriptedUdpPeer peer = peer(r -> r.id().equals("2")
        ? List.of(ScriptedUdpPeer.withIdOf(r, capturedUptime)) : SILENT);
    MiClient mi = client(vertx, peer, Duration.ofMillis(400), 2);

    JsonObject uptime = await(mi.uptime());

    assertThat(uptime.getString("Up since")).isEqualTo("Sun Nov 22 22:35:03 2026");
    assertThat(peer.received()).hasSize(2);
  }

  @Test
  void lateRepliesAfterATimeoutAreCountedAndNeverTakenForAYoungerRequest(Vertx vertx)
      throws Exception {
    // Loaded first: the late reply must go out within the tombstone's grace (one timeout).
    byte[] internalError = WireSamples.get("15-concurrency", 286).bytes();
    ScriptedUdpPeer peer = peer(r -> SILENT);
    MiClient mi = client(vertx, peer, Duration.ofSeconds(2), 0);
    Future<Object> late = mi.call("ua_session_list", null, false);
    ScriptedUdpPeer.Request r1 = peer.next();
    assertThat(failure(late)).isInstanceOf(MiTimeoutException.class);

    Future<Object> young = mi.call("version", null, false);
    ScriptedUdpPeer.Request r2 = peer.next();
    // The first request's answer arrives now, plain text without id (15 #286).
    peer.send(internalError, r1.sender());
    await().atMost(Duration.ofSeconds(10)).until(() -> orphans() == 1);
    assertThat(young.isComplete()).isFalse();

    peer.send(ok(r2), r2.sender());
    assertThat(await(young)).isEqualTo("OK");
    peer.send(ok(r1), r1.sender()); // a late reply with its id: orphan as well
    await().atMost(Duration.ofSeconds(10)).until(() -> orphans() == 2);
  }

  @Test
  void requestsOverTheMiDatagramLimitFailLocallyAndExactlyTheLimitIsSent(Vertx vertx)
      throws Exception {
    String badKey = WireSamples.get("10-list-and-errors", 87).text();
    ScriptedUdpPeer peer = peer(r -> r.bytes().length > 1000
        ? List.of(ScriptedUdpPeer.withIdOf(r, badKey)) : List.of(error(r, 404,
            "Entity not found", null)));
    MiClient mi = client(vertx, peer, Duration.ofSeconds(10), 0);

    // Probe: id "1" with an empty key tells the encoded size of everything but the key.
    assertThat(await(mi.uaSessionList(""))).isEmpty();
    int overhead = peer.next().bytes().length;
    int keyLength = MiClientOptions.MAX_REQUEST_BYTES - overhead; // id "2": same length as "1"

    MiException atLimit = (MiException) failure(mi.uaSessionList("B".repeat(keyLength)));
    assertThat(peer.next().bytes()).hasSize(65457);
    assertThat(atLimit.code()).isEqualTo(400);
    assertThat(atLimit.miMessage()).isEqualTo("Bad format for b2b key");

    MiException over = (MiException) failure(mi.uaSessionList("B".repeat(keyLength + 1)));
    assertThat(over.code()).isZero();
    assertThat(over.getMessage()).contains("too large").contains("65458").contains("65457");
    await(mi.uaSessionList("x"));
    // Nothing was sent for the 65458-byte request: the next datagram is the small one.
    assertThat(peer.next().bytes().length).isLessThan(1000);
    assertThat(peer.received()).hasSize(3);
  }

  @Test
  void closeFailsEveryPendingRequest(Vertx vertx) throws Exception {
    ScriptedUdpPeer peer = peer(r -> SILENT);
    MiClient mi = client(vertx, peer, Duration.ofSeconds(30), 2);
    Future<JsonObject> a = mi.version();
    Future<Object> b = mi.call("ua_session_reply", null, false);
    peer.next();
    peer.next();
    assertThat(mi.pending()).isEqualTo(2);

    await(mi.close());

    assertThat(failure(a)).isInstanceOf(MiException.class).hasMessageContaining("closed");
    assertThat(failure(b)).isInstanceOf(MiException.class).hasMessageContaining("closed");
    assertThat(mi.pending()).isZero();
    MiException after = (MiException) failure(mi.version());
    assertThat(after.code()).isZero();
    assertThat(after.getMessage()).contains("closed");
  }

  @Test
  void callableFromAnyThread(Vertx vertx) throws Exception {
    ScriptedUdpPeer peer = peer(r -> List.of(result(r, r.params().getString("who"))));
    MiClient mi = client(vertx, peer, Duration.ofSeconds(10), 0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Future<Object>>> tasks = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String who = "caller-" + i;
        tasks.add(() -> mi.call("echo", new JsonObject().put("who", who), false));
      }
      List<java.util.concurrent.Future<Future<Object>>> submitted = pool.invokeAll(tasks);
      for (int i = 0; i < 40; i++) {
        assertThat(await(submitted.get(i).get(10, TimeUnit.SECONDS))).isEqualTo("caller-" + i);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(peer.received()).extracting(ScriptedUdpPeer.Request::id).doesNotHaveDuplicates();
  }

  @Test
  void capturedListShapesAndPlainTextFailure(Vertx vertx) throws Exception {
    // Each request answered with one captured reply (ids rewritten), in call order below.
    List<String> replies = List.of(
        WireSamples.get("10-list-and-errors", 31).text(), // one session by key: an object
        WireSamples.get("10-list-and-errors", 35).text(), // unknown key: 404
        WireSamples.get("10-list-and-errors", 37).text(), // malformed key: 400
        WireSamples.get("10-list-and-errors", 25).text(), // no key: an array
        WireSamples.get("10-list-and-errors", 16).text()); // event_subscribe: "OK"
    ScriptedUdpPeer peer = peer(r -> {
      int i = Integer.parseInt(r.id()) - 1;
      return i < replies.size() ? List.of(ScriptedUdpPeer.withIdOf(r, replies.get(i)))
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

    assertThat(peer.received()).extracting(ScriptedUdpPeer.Request::params).containsExactly(
        new JsonObject().put("key", "B2B.401.215.1795386904.1939126055"),
        new JsonObject().put("key", "B2B.1.2.3.4"),
        new JsonObject().put("key", "garbage"),
        new JsonObject(),
        new JsonObject().put("event", "E_UA_SESSION").put("socket", "udp:127.0.0.1:8089")
            .put("expire", 120),
        new JsonObject());
  }

  @Test
  void datagramsFromAnyOtherSourceAreNotReplies(Vertx vertx) throws Exception {
    ScriptedUdpPeer peer = peer(r -> SILENT);
    MiClient mi = client(vertx, peer, Duration.ofSeconds(10), 0);
    Future<Object> call = mi.call("version", null, false);
    ScriptedUdpPeer.Request r = peer.next();
    try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] forged = ok(r);
      stranger.send(new DatagramPacket(forged, forged.length, r.sender()));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> orphans() == 1);
    assertThat(call.isComplete()).isFalse();

    peer.send(ok(r), r.sender());
    assertThat(await(call)).isEqualTo("OK");
  }

  @Test
  void resultsArriveOnTheCallersContext(Vertx vertx) throws Exception {
    ScriptedUdpPeer peer = peer(r -> List.of(result(r, new JsonObject().put("Server", "x"))));
    MiClient mi = client(vertx, peer, Duration.ofSeconds(10), 0);
    Context caller = vertx.getOrCreateContext();
    CompletableFuture<Context> completedOn = new CompletableFuture<>();
    caller.runOnContext(v -> mi.version().onComplete(ar -> completedOn.complete(
        Vertx.currentContext())));
    assertThat(completedOn.get(10, TimeUnit.SECONDS)).isSameAs(caller);
  }

  private double orphans() {
    return registry.counter("oavc_mi_orphan_replies_total").count();
  }
}
