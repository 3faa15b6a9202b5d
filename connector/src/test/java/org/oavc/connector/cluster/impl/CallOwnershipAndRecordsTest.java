package org.oavc.connector.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oavc.connector.cluster.CallOwnership;
import org.oavc.connector.cluster.CallRecords;
import org.oavc.connector.cluster.ClaimPurpose;
import org.oavc.connector.cluster.ClusterMember;
import org.oavc.connector.cluster.ClusterMembers;
import org.oavc.connector.cluster.ReplicatedCall;
import org.oavc.connector.cluster.ReplicatedDial;
import org.oavc.connector.cluster.ReplicatedTurn;

/** Call owners and call records on two real members of one cluster. */
class CallOwnershipAndRecordsTest {
  private static Vertx vertx;
  private static ClusterMember a;
  private static ClusterMember b;

  @BeforeAll
  static void cluster() {
    vertx = Vertx.vertx();
    ClusterMembers members = new ClusterMembers(2);
    a = members.start(vertx, 0);
    b = members.start(vertx, 1);
  }

  @AfterAll
  static void close() throws Exception {
    await(a.leave());
    await(b.leave());
    await(vertx.close());
  }

  @Test
  void oneOfTwoRacingClaimsWinsAndOnlyTheOwnerReleases() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CallOwnership oa = CallOwnership.clustered(vertx, a, meters);
    CallOwnership ob = CallOwnership.clustered(vertx, b, new SimpleMeterRegistry());
    for (int i = 0; i < 20; i++) {
      String key = "B2B.race." + i;
      Future<Boolean> ca = oa.claim(key, ClaimPurpose.NEW_CALL);
      Future<Boolean> cb = ob.claim(key, ClaimPurpose.NEW_CALL);
      boolean aWon = await(ca);
      assertThat(await(cb)).as("exactly one winner of %s", key).isNotEqualTo(aWon);
      String winner = aWon ? "n0" : "n1";
      assertThat(await(oa.ownerOf(key))).contains(winner);
      // the loser's release changes nothing; a repeated claim by the owner is still won
      await((aWon ? ob : oa).release(key));
      assertThat(await(ob.ownerOf(key))).contains(winner);
      assertThat(await((aWon ? oa : ob).claim(key, ClaimPurpose.NEW_CALL))).isTrue();
      await((aWon ? oa : ob).release(key));
      assertThat(await(oa.ownerOf(key))).isEmpty();
    }
    assertThat(oa.isLive("n1")).isTrue();
    assertThat(oa.isLive("n7")).isFalse();
    assertThat(
            meters
                .counter("oavc_cluster_call_claims_total", "result", "won", "purpose", "new_call")
                .count())
        .isPositive();
  }

  @Test
  void aDeadOwnersCallMovesToExactlyOneTakerThatStillFindsItOwner() throws Exception {
    HazelcastCallOwnership oa = new HazelcastCallOwnership(vertx, a, new SimpleMeterRegistry());
    HazelcastCallOwnership ob = new HazelcastCallOwnership(vertx, b, new SimpleMeterRegistry());
    a.hazelcast().getMap(HazelcastClusterMember.OWNERS_MAP).put("B2B.moved", "n9");
    Future<Boolean> ta = oa.takeOver("B2B.moved", "n9");
    Future<Boolean> tb = ob.takeOver("B2B.moved", "n9");
    assertThat(await(ta) ^ await(tb)).isTrue();
    assertThat(await(oa.ownerOf("B2B.moved"))).isPresent().get().isIn("n0", "n1");
    await(oa.release("B2B.moved"));
    await(ob.release("B2B.moved"));
    assertThat(await(oa.ownerOf("B2B.moved"))).isEmpty();
  }

  @Test
  void aRecordKeepsItsTurnsAndFlavorTakesReOffersIsFoundByOwnerAndGoesAtTheEnd() throws Exception {
    CallRecords ra = CallRecords.clustered(vertx, a);
    CallRecords rb = CallRecords.clustered(vertx, b);
    String key = "B2B.record.1";
    await(
        ra.put(
            new ReplicatedCall(
                key,
                "outbound",
                "v=0 offer",
                "v=0 answer",
                "PCMU",
                0,
                8000,
                20,
                101,
                null,
                1000L,
                List.of(),
                "n0",
                key,
                "<sip:agent@example.org>",
                "<sip:alice@example.org>",
                new ReplicatedDial("{\"instructions\":\"be brief\"}", "http://r/x", true, 9000L),
                false)));
    await(ra.flavor(key, "pipeline"));
    await(ra.recorded(key));
    for (int i = 0; i < ReplicatedCall.MAX_TURNS + 5; i++) {
      await(ra.turn(key, new ReplicatedTurn(i, i % 2 == 0 ? "caller" : "agent", "t" + i, false)));
    }
    Optional<ReplicatedCall> seen = await(rb.get(key));
    assertThat(seen).isPresent();
    ReplicatedCall c = seen.get();
    assertThat(c.flavor()).isEqualTo("pipeline");
    assertThat(c.codec()).isEqualTo("PCMU");
    assertThat(c.telephoneEventPayloadType()).isEqualTo(101);
    assertThat(c.turns()).hasSize(ReplicatedCall.MAX_TURNS);
    assertThat(c.turns().get(0).text()).isEqualTo("t5"); // the oldest went first
    assertThat(c.recorded()).isTrue();
    assertThat(c.to()).isEqualTo("<sip:alice@example.org>");
    // a re-offer replaces the media, and only the media
    await(
        rb.media(
            new ReplicatedCall(
                key,
                "inbound",
                "v=0 re-offer",
                "v=0 re-answer",
                "G722",
                9,
                8000,
                20,
                null,
                null,
                0L,
                List.of(),
                "n1",
                null,
                null,
                null,
                null,
                false)));
    ReplicatedCall moved = await(ra.get(key)).orElseThrow();
    assertThat(moved.remoteSdp()).isEqualTo("v=0 re-offer");
    assertThat(moved.localSdp()).isEqualTo("v=0 re-answer");
    assertThat(moved.codec()).isEqualTo("G722");
    assertThat(moved.payloadType()).isEqualTo(9);
    assertThat(moved.telephoneEventPayloadType()).isNull();
    assertThat(moved.flavor()).isEqualTo("pipeline");
    assertThat(moved.turns()).isEqualTo(c.turns());
    assertThat(moved.owner()).isEqualTo("n0");
    assertThat(moved.startedAtMillis()).isEqualTo(1000L);
    assertThat(moved.recorded()).isTrue();
    assertThat(moved.direction()).isEqualTo("outbound");
    assertThat(moved.callId()).isEqualTo(key);
    assertThat(moved.dial()).isEqualTo(c.dial());
    assertThat(moved.dial().hangUpAtMillis()).isEqualTo(9000L);
    assertThat(await(rb.ownedBy("n0"))).extracting(ReplicatedCall::key).containsExactly(key);
    assertThat(await(rb.ownedBy("n1"))).isEmpty();

    await(rb.remove(key));
    assertThat(await(ra.get(key))).isEmpty();
    // a turn for an ended call creates nothing
    await(ra.turn(key, new ReplicatedTurn(0, "caller", "late", false)));
    assertThat(await(ra.get(key))).isEmpty();
    await(ra.media(moved)); // nor does a re-offer
    assertThat(await(ra.get(key))).isEmpty();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
