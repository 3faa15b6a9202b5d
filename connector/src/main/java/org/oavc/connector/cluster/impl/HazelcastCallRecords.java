package org.oavc.connector.cluster.impl;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.oavc.connector.cluster.CallRecords;
import org.oavc.connector.cluster.ClusterMember;
import org.oavc.connector.cluster.ReplicatedCall;
import org.oavc.connector.cluster.ReplicatedTurn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call records in the Hazelcast map {@value HazelcastClusterMember#CALLS_MAP}, one synchronous
 * backup: a record acknowledged survives its owner's death, which is when it is needed.
 */
public final class HazelcastCallRecords implements CallRecords {
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastCallRecords.class);

  private final Vertx vertx;
  private final IMap<String, ReplicatedCall> calls;

  public HazelcastCallRecords(Vertx vertx, ClusterMember member) {
    this.vertx = vertx;
    this.calls = member.hazelcast().getMap(HazelcastClusterMember.CALLS_MAP);
  }

  @Override
  public Future<Void> put(ReplicatedCall call) {
    return logged(
        call.key(),
        "stored",
        HazelcastCalls.call(vertx.getOrCreateContext(), () -> calls.setAsync(call.key(), call)));
  }

  @Override
  public Future<Void> flavor(String key, String flavor) {
    return logged(
        key,
        "given its flavor",
        HazelcastCalls.call(
            vertx.getOrCreateContext(),
            () -> calls.submitToKey(key, new CallRecordProcessors.SetFlavor(flavor))));
  }

  @Override
  public Future<Void> media(ReplicatedCall renegotiated) {
    return logged(
        renegotiated.key(),
        "given its new media",
        HazelcastCalls.call(
            vertx.getOrCreateContext(),
            () ->
                calls.submitToKey(
                    renegotiated.key(), new CallRecordProcessors.SetMedia(renegotiated))));
  }

  @Override
  public Future<Void> turn(String key, ReplicatedTurn turn) {
    return logged(
        key,
        "given a turn",
        HazelcastCalls.call(
            vertx.getOrCreateContext(),
            () -> calls.submitToKey(key, new CallRecordProcessors.AppendTurn(turn))));
  }

  @Override
  public Future<Void> remove(String key) {
    return logged(
        key,
        "removed",
        HazelcastCalls.call(vertx.getOrCreateContext(), () -> calls.deleteAsync(key)));
  }

  @Override
  public Future<Optional<ReplicatedCall>> get(String key) {
    return HazelcastCalls.call(vertx.getOrCreateContext(), () -> calls.getAsync(key))
        .map(Optional::ofNullable);
  }

  @Override
  public Future<List<ReplicatedCall>> ownedBy(String node) {
    // A query visits every partition: blocking, so on a worker (failover only, never per packet).
    return vertx.executeBlocking(
        () -> new ArrayList<>(calls.values(Predicates.equal("owner", node))), false);
  }

  private static Future<Void> logged(String key, String what, Future<?> op) {
    return op.<Void>mapEmpty()
        .otherwise(
            e -> {
              LOG.warn("key={} call record not {}: {}", key, what, e.toString());
              return null;
            });
  }
}
