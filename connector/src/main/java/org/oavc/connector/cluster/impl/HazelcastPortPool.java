package org.oavc.connector.cluster.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
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

  /** Lease ids being claimed or freed now: the audit leaves their entries alone. */
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  private final AtomicInteger next;
  private final Counter exhausted;
  private final Counter conflicts;
  private final MeterRegistry registry;
  private long auditTimer = -1;

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
    this.registry = registry;
    auditEvery(DEFAULT_AUDIT_PERIOD);
  }

  /** How often this node compares its leases with the map (see {@link #audit()}). */
  static final Duration DEFAULT_AUDIT_PERIOD = Duration.ofSeconds(2);

  /** Audits every {@code period} from now on (tests shorten it). */
  void auditEvery(Duration period) {
    if (auditTimer >= 0) {
      vertx.cancelTimer(auditTimer);
    }
    auditTimer = vertx.setPeriodic(period.toMillis(), id -> audit());
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
    inFlight.add(lease.leaseId());
    search(vertx.getOrCreateContext(), lease, start, 0, null, result);
    return result.future().onComplete(ar -> inFlight.remove(lease.leaseId()));
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
      claims.put(port, onPort(ctx, port, new LeaseEntryProcessors.Claim(lease)));
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

  /** Frees {@code ports} of the lease in the map. */
  private Future<Void> free(Context ctx, PortLease lease, Set<Integer> ports) {
    List<Future<Boolean>> frees = new ArrayList<>();
    for (int port : ports) {
      frees.add(onPort(ctx, port, new LeaseEntryProcessors.Free(lease.leaseId())));
    }
    return Future.all(frees).mapEmpty();
  }

  /**
   * One step on one port's entry, answered on {@code ctx}: always a single-key operation, whose
   * backup is synchronous (see the class comment).
   */
  private Future<Boolean> onPort(
      Context ctx, int port, EntryProcessor<Integer, PortLease, Boolean> step) {
    return HazelcastCalls.call(ctx, () -> leases.submitToKey(port, step));
  }

  private static Set<Integer> ports(PortLease lease) {
    int base = lease.basePort();
    return lease.pair() ? Set.of(base, base + 1) : Set.of(base);
  }

  /**
   * The call is done with the port: forgotten here at once; freed in the map, and should that fail,
   * the next audit frees it.
   */
  @Override
  public Future<Void> release(int port) {
    PortLease lease = mine.get(port);
    if (lease == null) {
      return Future.succeededFuture();
    }
    inFlight.add(lease.leaseId());
    ports(lease).forEach(p -> mine.remove(p, lease));
    return free(vertx.getOrCreateContext(), lease, ports(lease))
        .onComplete(ar -> inFlight.remove(lease.leaseId()))
        .onFailure(
            e ->
                LOG.warn(
                    "port {} of {} not released in the cluster ({}): the audit frees it",
                    lease.basePort(),
                    lease.callKey(),
                    e.toString()));
  }

  /**
   * Makes the map agree with this node, the authority on its own leases. Hazelcast's map is not a
   * consensus store: under member crashes an acknowledged write can still be undone (a backup that
   * never arrived, then its primary gone), so a freed lease may come back and a claimed one may
   * vanish. Every {@link #DEFAULT_AUDIT_PERIOD} each node reads the entries of its range naming it:
   * one whose lease it no longer holds is freed (by lease id; counted {@code stale_freed}), and a
   * lease it holds that the map lost is claimed again ({@code restored}) or, if another call took
   * the port meanwhile, reported ({@code conflict}: a double lease happened, the log names both).
   * Leases being claimed or freed right now are left alone.
   */
  Future<Void> audit() {
    Map<Integer, PortLease> held = new TreeMap<>(mine);
    return vertx
        .executeBlocking(
            () -> {
              Map<Integer, PortLease> inMap = new TreeMap<>();
              for (Map.Entry<Integer, PortLease> e :
                  leases.entrySet(
                      Predicates.and(
                          Predicates.equal("nodeId", nodeId),
                          Predicates.between("__key", minPort, maxPort)))) {
                inMap.put(e.getKey(), e.getValue());
              }
              return inMap;
            },
            false)
        .compose(
            inMap -> {
              Context ctx = vertx.getOrCreateContext();
              List<Future<?>> fixes = new ArrayList<>();
              inMap.forEach(
                  (port, lease) -> {
                    if (!inFlight.contains(lease.leaseId())
                        && !lease.equals(mine.get(port))
                        && !lease.equals(held.get(port))) {
                      fixes.add(freeStale(ctx, port, lease));
                    }
                  });
              held.forEach(
                  (port, lease) -> {
                    if (!lease.equals(inMap.get(port))
                        && lease.equals(mine.get(port))
                        && !inFlight.contains(lease.leaseId())) {
                      fixes.add(restore(ctx, port, lease));
                    }
                  });
              return Future.join(fixes).<Void>mapEmpty();
            })
        .otherwise(
            e -> {
              LOG.debug("port lease audit not done: {}", e.toString());
              return null;
            });
  }

  /** An entry naming this node for a lease it no longer holds: freed by that lease's id. */
  private Future<Boolean> freeStale(Context ctx, int port, PortLease lease) {
    return onPort(ctx, port, new LeaseEntryProcessors.Free(lease.leaseId()))
        .onSuccess(
            freed -> {
              if (freed) {
                audited("stale_freed");
                LOG.warn("port {} still leased to ended {}: freed", port, lease.callKey());
              }
            });
  }

  /** A lease this node holds that the map lost: claimed again, or found taken by another call. */
  private Future<Boolean> restore(Context ctx, int port, PortLease lease) {
    return onPort(ctx, port, new LeaseEntryProcessors.Claim(lease))
        .onSuccess(
            again -> {
              audited(again ? "restored" : "conflict");
              if (again) {
                LOG.warn("port {} of {} lost from the map: leased again", port, lease.callKey());
              } else {
                LOG.error(
                    "port {} of {} lost from the map and leased by another call meanwhile: two"
                        + " calls hold it",
                    port,
                    lease.callKey());
              }
            });
  }

  private void audited(String result) {
    Counter.builder("oavc_rtp_port_lease_audit_total")
        .description("leases the audit found wrong in the map and put right, by result")
        .tag("result", result)
        .register(registry)
        .increment();
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
    Context ctx = vertx.getOrCreateContext();
    // The query (blocking) only finds the keys; each is freed by its own synchronously backed-up
    // operation (executeOnEntries would back up asynchronously, see the class comment).
    return vertx
        .executeBlocking(() -> Set.copyOf(leases.keySet(Predicates.equal("nodeId", nodeId))), false)
        .compose(
            ports -> {
              List<Future<Boolean>> frees = new ArrayList<>();
              for (int port : ports) {
                frees.add(onPort(ctx, port, new LeaseEntryProcessors.FreeNode(nodeId)));
              }
              return Future.all(frees)
                  .map(x -> (int) frees.stream().filter(Future::result).count());
            })
        .onSuccess(n -> LOG.info("cluster: {} port(s) leased by dead node {} released", n, nodeId));
  }

  /** Every lease in the cluster, by port: a snapshot for diagnostics (and tests). */
  public Future<Map<Integer, PortLease>> clusterLeases() {
    return vertx.executeBlocking(() -> new TreeMap<>(leases), false);
  }

  private int wrap(int port) {
    return minPort + Math.floorMod(port - minPort, capacity());
  }
}
