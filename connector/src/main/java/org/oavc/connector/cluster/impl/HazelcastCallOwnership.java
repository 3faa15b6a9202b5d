package org.oavc.connector.cluster.impl;

import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.oavc.connector.cluster.CallOwnership;
import org.oavc.connector.cluster.ClaimPurpose;
import org.oavc.connector.cluster.ClusterMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call owners in the Hazelcast map {@value HazelcastClusterMember#OWNERS_MAP}: session key to
 * NODE_ID. A claim is an entry processor that writes only into an empty entry, so of the nodes
 * racing for one NEW exactly one sees its own id come back; the synchronous backup keeps an
 * acknowledged claim through the death of any one member.
 */
public final class HazelcastCallOwnership implements CallOwnership {
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastCallOwnership.class);

  private final Vertx vertx;
  private final ClusterMember member;
  private final IMap<String, String> owners;
  private final MeterRegistry meters;

  /** Counts {@code oavc_cluster_call_claims_total{result=won|lost|failed, purpose}}. */
  public HazelcastCallOwnership(Vertx vertx, ClusterMember member, MeterRegistry meters) {
    this.vertx = vertx;
    this.member = member;
    this.owners = member.hazelcast().getMap(HazelcastClusterMember.OWNERS_MAP);
    this.meters = meters;
  }

  private Counter claims(String result, ClaimPurpose purpose) {
    return Counter.builder("oavc_cluster_call_claims_total")
        .description("claims of a call's ownership by this node, by outcome and purpose")
        .tag("result", result)
        .tag("purpose", purpose.tag())
        .register(meters);
  }

  @Override
  public String nodeId() {
    return member.nodeId();
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public Future<Boolean> claim(String key, ClaimPurpose purpose) {
    String me = member.nodeId();
    return HazelcastCalls.call(
            vertx.getOrCreateContext(),
            () -> owners.submitToKey(key, new OwnerEntryProcessors.Claim(me)))
        .map(me::equals)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                claims("failed", purpose).increment();
                LOG.warn("key={} ownership claim failed: {}", key, ar.cause().toString());
              } else {
                claims(ar.result() ? "won" : "lost", purpose).increment();
              }
            });
  }

  @Override
  public Future<java.util.List<String>> ownedBy(String node) {
    // A query visits every partition; on a worker (failover only).
    return vertx.executeBlocking(
        () ->
            new java.util.ArrayList<>(
                owners.keySet(com.hazelcast.query.Predicates.equal("this", node))),
        false);
  }

  @Override
  public Future<Boolean> takeOver(String key, String from) {
    return move(key, from, member.nodeId());
  }

  @Override
  public Future<Boolean> handBack(String key, String to) {
    return move(key, member.nodeId(), to);
  }

  /** True when {@code to} owns {@code key} now, moved from {@code from} (or owning it before). */
  private Future<Boolean> move(String key, String from, String to) {
    return HazelcastCalls.call(
            vertx.getOrCreateContext(),
            () -> owners.submitToKey(key, new OwnerEntryProcessors.Move(from, to)))
        .map(to::equals);
  }

  @Override
  public Future<Optional<String>> ownerOf(String key) {
    return HazelcastCalls.call(vertx.getOrCreateContext(), () -> owners.getAsync(key))
        .map(Optional::ofNullable);
  }

  @Override
  public Future<Void> release(String key) {
    return HazelcastCalls.call(
            vertx.getOrCreateContext(),
            () -> owners.submitToKey(key, new OwnerEntryProcessors.Release(member.nodeId())))
        .<Void>mapEmpty()
        .otherwise(
            e -> {
              LOG.warn("key={} ownership not released: {}", key, e.toString());
              return null;
            });
  }

  @Override
  public boolean isLive(String nodeId) {
    return member.members().contains(nodeId);
  }
}
