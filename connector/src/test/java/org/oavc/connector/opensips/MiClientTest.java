package org.oavc.connector.opensips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.oavc.connector.opensips.MiTestSupport.await;
import static org.oavc.connector.opensips.MiTestSupport.calls;
import static org.oavc.connector.opensips.MiTestSupport.failure;
import static org.oavc.connector.opensips.ScriptedUdpPeer.error;
import static org.oavc.connector.opensips.ScriptedUdpPeer.ok;
import static org.oavc.connector.opensips.ScriptedUdpPeer.result;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
import org.junit.jupiter.api.Test;

/** MiClient against a scripted UDP peer on loopback: matching, timeouts, retries, limits. */
class MiClientTest extends MiClientTestBase {

  @Test
  void theAnswersTimerIsRegisteredBeforeTheFirstAnswer(Vertx vertx) throws Exception {
    client(vertx, peer(r -> SILENT), Duration.ofSeconds(1), 0);

    // Registering a histogram cost the first call milliseconds; the client does it up front.
    io.micrometer.core.instrument.Timer t =
        registry
            .find("oavc_mi_request_seconds")
            .tag("method", "ua_session_reply")
            .tag("outcome", "ok")
            .timer();
    assertThat(t).isNotNull();
    assertThat(t.count()).isZero();
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
    assertThat(requests)
        .extracting(ScriptedUdpPeer.Request::id)
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
  void nonIdempotentCallTimesOutAfterOneAttempt(Vertx vertx) throws Exception {
    ScriptedUdpPeer peer =
        peer(
            r ->
                r.method().equals("version")
                    ? List.of(result(r, new JsonObject().put("Server", "test")))
                    : SILENT);
    MiClient mi = client(vertx, peer, Duration.ofMillis(300), 2);

    Throwable t =
        failure(mi.uaSessionReply(UaSessionReply.of("B2B.1.2.3.4", "INVITE", 180, "Ringing")));
    assertThat(t).isInstanceOf(MiTimeoutException.class).hasMessageContaining("1 attempt");
    Throwable t2 = failure(mi.uaSessionTerminate("B2B.1.2.3.4"));
    assertThat(t2).isInstanceOf(MiTimeoutException.class);
    Throwable t3 = failure(mi.uaSessionUpdate(UaSessionUpdate.of("B2B.1.2.3.4", "INFO")));
    assertThat(t3).isInstanceOf(MiTimeoutException.class);
    // One socket, one order: had a retry been sent, it would come before this version.
    await(mi.version());
    assertThat(peer.received())
        .extracting(ScriptedUdpPeer.Request::method)
        .containsExactly(
            "ua_session_reply", "ua_session_terminate", "ua_session_update", "version");
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
    assertThat(peer.received())
        .extracting(ScriptedUdpPeer.Request::id)
        .containsExactly("1", "2", "3");
    assertThat(peer.received())
        .extracting(ScriptedUdpPeer.Request::method)
        .containsOnly("ua_session_list");
    assertThat(calls(registry, "ua_session_list", "timeout")).isEqualTo(1);
  }

  @Test
  void aRetryThatIsAnsweredSucceeds(Vertx vertx) throws Exception {
    // Only the second attempt is answered; the first one's late answer would be an orphan.
    String capturedUptime = WireSamples.get("10-list-and-errors", 4).text();
    ScriptedUdpPeer peer =
        peer(
            r ->
                r.id().equals("2") ? List.of(ScriptedUdpPeer.withIdOf(r, capturedUptime)) : SILENT);
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
  void aReplyToAYoungerRequestProvesTheLateOneIsLost(Vertx vertx) throws Exception {
    byte[] internalError = WireSamples.get("15-concurrency", 286).bytes();
    ScriptedUdpPeer peer = peer(r -> SILENT);
    MiClient mi = client(vertx, peer, Duration.ofSeconds(2), 0);
    Future<Object> lost = mi.call("ua_session_list", null, false);
    peer.next();
    assertThat(failure(lost)).isInstanceOf(MiTimeoutException.class);

    // mi_datagram answers in order: once the younger request is answered, the lost one's
    // reply will never come, so an id-less reply afterwards belongs to the next request.
    Future<Object> younger = mi.call("version", null, false);
    ScriptedUdpPeer.Request r2 = peer.next();
    peer.send(ok(r2), r2.sender());
    assertThat(await(younger)).isEqualTo("OK");
    Future<Object> next = mi.call("ua_session_list", null, false);
    ScriptedUdpPeer.Request r3 = peer.next();
    peer.send(internalError, r3.sender());

    MiException e = (MiException) failure(next);
    assertThat(e.code()).isEqualTo(500);
    assertThat(e.miMessage()).isEqualTo("Internal error");
    assertThat(orphans()).isZero();
  }

  @Test
  void uselessOptionsAreRefused(Vertx vertx) {
    assertThatThrownBy(
            () -> MiClient.create(vertx, new MiClientOptions().setTimeout(Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> MiClient.create(vertx, new MiClientOptions().setRetries(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retries");
  }

  @Test
  void requestsOverTheMiDatagramLimitFailLocallyAndExactlyTheLimitIsSent(Vertx vertx)
      throws Exception {
    String badKey = WireSamples.get("10-list-and-errors", 87).text();
    ScriptedUdpPeer peer =
        peer(
            r ->
                r.bytes().length > 1000
                    ? List.of(ScriptedUdpPeer.withIdOf(r, badKey))
                    : List.of(error(r, 404, "Entity not found", null)));
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
    caller.runOnContext(
        v -> mi.version().onComplete(ar -> completedOn.complete(Vertx.currentContext())));
    assertThat(completedOn.get(10, TimeUnit.SECONDS)).isSameAs(caller);
  }
}
