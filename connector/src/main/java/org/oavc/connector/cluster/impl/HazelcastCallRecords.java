package org.oavc.connector.cluster.impl;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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

  /** Per key, the last write asked for, so each starts once the one before it is done. */
  private final ConcurrentHashMap<String, Future<Void>> writes = new ConcurrentHashMap<>();

  public HazelcastCallRecords(Vertx vertx, ClusterMember member) {
    this.vertx = vertx;
    this.calls = member.hazelcast().getMap(HazelcastClusterMember.CALLS_MAP);
  }

  @Override
  public Future<Void> put(ReplicatedCall call) {
    return inOrder(
        call.key(),
        "stored",
        ctx -> HazelcastCalls.call(ctx, () -> calls.setAsync(call.key(), call)));
  }

  @Override
  public Future<Void> flavor(String key, String flavor) {
    return inOrder(
        key,
        "given its flavor",
        ctx ->
            HazelcastCalls.call(
                ctx, () -> calls.submitToKey(key, new CallRecordProcessors.SetFlavor(flavor))));
  }

  @Override
  public Future<Void> media(ReplicatedCall renegotiated) {
    return inOrder(
        renegotiated.key(),
        "given its new media",
        ctx ->
            HazelcastCalls.call(
                ctx,
                () ->
                    calls.submitToKey(
                        renegotiated.key(), new CallRecordProcessors.SetMedia(renegotiated))));
  }

  @Override
  public Future<Void> recorded(String key) {
    return inOrder(
        key,
        "marked recorded",
        ctx ->
            HazelcastCalls.call(
                ctx, () -> calls.submitToKey(key, new CallRecordProcessors.SetRecorded())));
  }

  @Override
  public Future<Void> turn(String key, ReplicatedTurn turn) {
    return inOrder(
        key,
        "given a turn",
        ctx ->
            HazelcastCalls.call(
                ctx, () -> calls.submitToKey(key, new CallRecordProcessors.AppendTurn(turn))));
  }

  @Override
  public Future<Void> remove(String key) {
    return inOrder(key, "removed", ctx -> HazelcastCalls.call(ctx, () -> calls.deleteAsync(key)));
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

  /**
   * Runs {@code op} after the key's earlier writes have completed: Hazelcast does not promise that
   * two asynchronous operations on one key run in the order they were asked (a retried one, during
   * a partition migration, may run after a later one), and a flag set before the record is stored
   * would be lost. A failed write is logged, never failed, so the chain goes on.
   */
  private Future<Void> inOrder(String key, String what, Function<Context, Future<?>> op) {
    Context ctx = vertx.getOrCreateContext();
    Promise<Void> done = Promise.promise();
    Future<Void> previous = writes.put(key, done.future());
    (previous == null ? Future.<Void>succeededFuture() : previous)
        .onComplete(
            x ->
                op.apply(ctx)
                    .onComplete(
                        ar -> {
                          if (ar.failed()) {
                            LOG.warn(
                                "key={} call record not {}: {}", key, what, ar.cause().toString());
                          }
                          writes.remove(key, done.future());
                          done.complete();
                        }));
    return done.future();
  }
}
