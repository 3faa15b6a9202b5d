package org.oavc.connector.cluster.impl;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.connector.cluster.ClusterMember;
import org.oavc.connector.media.port.PortPool;
import org.oavc.connector.media.port.PortsExhaustedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTP ports of a range shared by every node of the cluster, each leased to one call of one node.
 *
 * <p>One entry per port in the Hazelcast map {@value HazelcastClusterMember#LEASES_MAP}, keyed by
 * the port, claimed by an entry processor that writes only into an empty entry: each port is one
 * key, so its partition's owner serialises every claim of it, and the one synchronous backup makes
 * an acknowledged claim survive the death of any one member (the backup is promoted with it; a
 * graceful leave migrates it first). Every write is a single-key {@code submitToKey}: Hazelcast 5
 * backs up the multi-key forms ({@code submitToKeys}, {@code executeOnEntries}) asynchronously
 * whatever the map's backup count, so an acknowledged claim or free could die with its primary
 * (seen as double leases and freed leases coming back under member churn). A pair's two ports are
 * claimed in parallel, each atomically, and the one taken is given back when the other was not. No
 * CP subsystem: what this does not survive is a split brain (two halves would each lease from their
 * copy) or two members dying before the backups of the first are re-made; see docs/architecture.md.
 *
 * <p>A node searches round-robin from a random start, like {@code LocalPortPool}, so nodes rarely
 * try the same port at once. {@link #inUse()} and {@link #owners()} are this node's leases. A dead
 * node's leases stay in the map: reclaiming them is safe only once its calls are moved or ended.
 * Every operation answers on the caller's Vert.x context and never blocks it.
 */
public final class HazelcastPortPool implements PortPool {
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastPortPool.class);

  private final Vertx vertx;
  private final String nodeId;
  private final IMap<Integer, PortLease> leases;
  private final int minPort;
  private final int maxPort;

  /** This node's leases, by port (both ports of a pair). */
  private final Map<Integer, PortLease> mine = new ConcurrentHashMap<>();

  private final AtomicInteger next;
  private final Counter exhausted;
  private final Counter conflicts;

  /**
   * Registers the gauges {@code oavc_rtp_ports_capacity/in_use} (this node's leases) and the
   * counters {@code oavc_rtp_ports_exhausted_total} and {@code
   * oavc_rtp_port_lease_conflicts_total}.
   */
  public HazelcastPortPool(
      Vertx vertx, ClusterMember member, int minPort, int maxPort, MeterRegistry registry) {
    if (minPort < 1 || maxPort > 65535 || minPort > maxPort) {
      throw new IllegalArgumentException("bad port range " + minPort + "-" + maxPort);
    }
    this.vertx = vertx;
    this.nodeId = member.nodeId();
    this.leases = member.hazelcast().getMap(HazelcastClusterMember.LEASES_MAP);
    this.minPort = minPort;
    this.maxPort = maxPort;
    this.next = new AtomicInteger(minPort + ThreadLocalRandom.current().nextInt(capacity()));
    Gauge.builder("oavc_rtp_ports_capacity", this, HazelcastPortPool::capacity).register(registry);
    Gauge.builder("oavc_rtp_ports_in_use", this, HazelcastPortPool::inUse).register(registry);
    this.exhausted = registry.counter("oavc_rtp_ports_exhausted_total");
    this.conflicts =
        Counter.builder("oavc_rtp_port_lease_conflicts_total")
            .description("ports tried for a lease but held by another call or node")
            .register(registry);
  }

  @Override
  public Future<Integer> acquire(String owner, boolean pair) {
    PortLease lease =
        new PortLease(
            UUID.randomUUID().toString(),
            nodeId,
            owner == null ? "?" : owner,
            System.currentTimeMillis(),
            0,
            pair);
    Promise<Integer> result = Promise.promise();
    int start = next.get();
    search(vertx.getOrCreateContext(), lease, start, 0, null, result);
    return result.future();
  }

  /**
   * Tries the candidates from {@code start + offset} on, one remote claim at a time. After the
   * first conflict the range is busy: one snapshot of the ports held cluster-wide then spares a
   * claim (two round trips with their backups) on each port known to be taken.
   */
  private void search(
      Context ctx,
      PortLease lease,
      int start,
      int offset,
      Set<Integer> heldElsewhere,
      Promise<Integer> result) {
    int size = capacity();
    int i = offset;
    while (i < size && !candidate(wrap(start + i), lease.pair(), heldElsewhere)) {
      i++;
    }
    if (i >= size) {
      exhausted.increment();
      String what = lease.pair() ? "even port pair" : "port";
      LOG.warn("no free {} in {}-{} for {}", what, minPort, maxPort, lease.callKey());
      result.fail(
          new PortsExhaustedException(
              "no free " + what + " in " + minPort + "-" + maxPort + " (cluster-wide)"));
      return;
    }
    int port = wrap(start + i);
    int after = i + 1;
    PortLease mineLease =
        new PortLease(
            lease.leaseId(),
            lease.nodeId(),
            lease.callKey(),
            lease.leasedAtMillis(),
            port,
            lease.pair());
    claimAllocation(ctx, mineLease)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                result.fail(ar.cause());
              } else if (ar.result()) {
                next.set(wrap(port + (lease.pair() ? 2 : 1)));
                result.complete(port);
              } else {
                conflicts.increment();
                if (heldElsewhere != null) {
                  search(ctx, lease, start, after, heldElsewhere, result);
                } else {
                  heldPorts()
                      .onComplete(held -> search(ctx, lease, start, after, held.result(), result));
                }
              }
            });
  }

  /** The ports leased cluster-wide now; empty when the snapshot fails (every port is tried). */
  private Future<Set<Integer>> heldPorts() {
    return vertx
        .<Set<Integer>>executeBlocking(() -> Set.copyOf(leases.keySet()), false)
        .otherwise(Set.of());
  }

  private boolean candidate(int port, boolean pair, Set<Integer> heldElsewhere) {
    if (taken(port, heldElsewhere)) {
      return false;
    }
    return !pair || (port % 2 == 0 && port + 1 <= maxPort && !taken(port + 1, heldElsewhere));
  }

  private boolean taken(int port, Set<Integer> heldElsewhere) {
    return mine.containsKey(port) || (heldElsewhere != null && heldElsewhere.contains(port));
  }

  /**
   * Claims the allocation's port(s) (the ports of a pair in parallel, each atomic on its own);
   * false when one was held elsewhere. Nothing is kept then, nor when a claim fails: each port not
   * refused is freed by lease id (a failed claim may have gone through unanswered; where it did
   * not, the free is harmless), once every claim was answered, so none lands after its free.
   */
  private Future<Boolean> claimAllocation(Context ctx, PortLease lease) {
    Map<Integer, Future<Boolean>> claims = new TreeMap<>();
    for (int port : ports(lease)) {
      claims.put(
          port,
          HazelcastCalls.call(
              ctx, () -> leases.submitToKey(port, new LeaseEntryProcessors.Claim(lease))));
    }
    return Future.join(List.copyOf(claims.values()))
        .transform(
            ar -> {
              if (ar.succeeded() && claims.values().stream().allMatch(Future::result)) {
                claims.keySet().forEach(p -> mine.put(p, lease));
                return Future.succeededFuture(true);
              }
              Set<Integer> maybeTaken = new TreeSet<>();
              claims.forEach(
                  (p, claim) -> {
                    if (claim.failed() || claim.result()) {
                      maybeTaken.add(p);
                    }
                  });
              Future<Void> back = free(ctx, lease, maybeTaken);
              return back.transform(
                  x -> ar.failed() ? Future.failedFuture(ar.cause()) : back.map(false));
            });
  }

  /** Frees {@code ports} of the lease; forgets them locally once the map no longer holds them. */
  private Future<Void> free(Context ctx, PortLease lease, Set<Integer> ports) {
    List<Future<Boolean>> frees = new ArrayList<>();
    for (int port : ports) {
      frees.add(
          HazelcastCalls.call(
              ctx, () -> leases.submitToKey(port, new LeaseEntryProcessors.Free(lease.leaseId()))));
    }
    return Future.all(frees)
        .<Void>mapEmpty()
        .onSuccess(x -> ports.forEach(p -> mine.remove(p, lease)));
  }

  private static Set<Integer> ports(PortLease lease) {
    int base = lease.basePort();
    return lease.pair() ? Set.of(base, base + 1) : Set.of(base);
  }

  @Override
  public Future<Void> release(int port) {
    PortLease lease = mine.get(port);
    if (lease == null) {
      return Future.succeededFuture();
    }
    return free(vertx.getOrCreateContext(), lease, ports(lease))
        .onFailure(
            e ->
                LOG.warn(
                    "port {} of {} not released in the cluster ({}): still leased",
                    lease.basePort(),
                    lease.callKey(),
                    e.toString()));
  }

  @Override
  public int capacity() {
    return maxPort - minPort + 1;
  }

  @Override
  public int inUse() {
    return mine.size();
  }

  @Override
  public Map<Integer, String> owners() {
    Map<Integer, String> view = new TreeMap<>();
    mine.forEach((port, lease) -> view.put(port, lease.callKey()));
    return view;
  }

  /**
   * Frees every lease of {@code nodeId}, a dead node whose calls are all moved or ended (never
   * before: a survivor could lease a port the dead node's caller still sends to). Completes with
   * the number of ports freed.
   */
  public Future<Integer> releaseLeasesOf(String nodeId) {
    return vertx.executeBlocking(
        () -> {
          // The query only finds the keys; each is freed by its own synchronously backed-up
          // operation (executeOnEntries would back up asynchronously, see the class comment).
          List<CompletableFuture<Boolean>> frees = new ArrayList<>();
          for (Integer port : leases.keySet(Predicates.equal("nodeId", nodeId))) {
            frees.add(
                leases
                    .submitToKey(port, new LeaseEntryProcessors.FreeNode(nodeId))
                    .toCompletableFuture());
          }
          int n = 0;
          for (CompletableFuture<Boolean> f : frees) {
            n += Boolean.TRUE.equals(f.join()) ? 1 : 0;
          }
          LOG.info("cluster: {} port(s) leased by dead node {} released", n, nodeId);
          return n;
        },
        false);
  }

  /** Every lease in the cluster, by port: a snapshot for diagnostics (and tests). */
  public Future<Map<Integer, PortLease>> clusterLeases() {
    return vertx.executeBlocking(() -> new TreeMap<>(leases), false);
  }

  private int wrap(int port) {
    return minPort + Math.floorMod(port - minPort, capacity());
  }
}
