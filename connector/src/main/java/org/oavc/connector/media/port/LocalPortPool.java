package org.oavc.connector.media.port;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ports of one host in [minPort, maxPort], inclusive. Round-robin from a random start: the next
 * search begins after the last port handed out, so a released port comes back only after the rest
 * of the range was tried, and stale RTP of an ended call rarely reaches a new one. Thread-safe (one
 * lock; every operation is a short scan of at most the range).
 */
public final class LocalPortPool implements PortPool {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPortPool.class);

  private final int minPort;
  private final int maxPort;

  /** Owner per reserved port, indexed by port - minPort; null when free. */
  private final String[] owners;

  /** Base port of the allocation per reserved port, so either port of a pair releases both. */
  private final int[] allocationBase;

  /** True where the allocation is a pair. */
  private final boolean[] paired;

  private final Counter exhausted;
  private int next;
  private int inUse;

  public LocalPortPool(int minPort, int maxPort) {
    this(minPort, maxPort, new SimpleMeterRegistry());
  }

  /** Registers gauges {@code oavc.rtp.ports.capacity/in.use} and counter {@code .exhausted}. */
  public LocalPortPool(int minPort, int maxPort, MeterRegistry registry) {
    if (minPort < 1 || maxPort > 65535 || minPort > maxPort) {
      throw new IllegalArgumentException("bad port range " + minPort + "-" + maxPort);
    }
    this.minPort = minPort;
    this.maxPort = maxPort;
    int size = maxPort - minPort + 1;
    this.owners = new String[size];
    this.allocationBase = new int[size];
    this.paired = new boolean[size];
    this.next = minPort + ThreadLocalRandom.current().nextInt(size);
    Gauge.builder("oavc_rtp_ports_capacity", this, LocalPortPool::capacity).register(registry);
    Gauge.builder("oavc_rtp_ports_in_use", this, LocalPortPool::inUse).register(registry);
    this.exhausted = registry.counter("oavc_rtp_ports_exhausted_total");
  }

  @Override
  public Future<Integer> acquire(String owner, boolean pair) {
    String who = owner == null ? "?" : owner;
    Integer port;
    synchronized (this) {
      port = pair ? takePair(who) : takeSingle(who);
    }
    if (port == null) {
      exhausted.increment();
      String what = pair ? "even port pair" : "port";
      LOG.warn("no free {} in {}-{} for {}", what, minPort, maxPort, who);
      return Future.failedFuture(
          new PortsExhaustedException(
              "no free " + what + " in " + minPort + "-" + maxPort + " (" + inUse() + " in use)"));
    }
    return Future.succeededFuture(port);
  }

  @Override
  public Future<Void> release(int port) {
    synchronized (this) {
      if (port >= minPort && port <= maxPort && owners[port - minPort] != null) {
        int base = allocationBase[port - minPort];
        boolean pair = paired[base - minPort];
        free(base);
        if (pair) {
          free(base + 1);
        }
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public int capacity() {
    return maxPort - minPort + 1;
  }

  @Override
  public synchronized int inUse() {
    return inUse;
  }

  @Override
  public synchronized Map<Integer, String> owners() {
    Map<Integer, String> view = new TreeMap<>();
    for (int i = 0; i < owners.length; i++) {
      if (owners[i] != null) {
        view.put(minPort + i, owners[i]);
      }
    }
    return view;
  }

  private Integer takeSingle(String owner) {
    int size = capacity();
    for (int i = 0; i < size; i++) {
      int port = wrap(next + i);
      if (owners[port - minPort] == null) {
        reserve(port, port, false, owner);
        next = wrap(port + 1);
        return port;
      }
    }
    return null;
  }

  private Integer takePair(String owner) {
    int size = capacity();
    for (int i = 0; i < size; i++) {
      int port = wrap(next + i);
      if (port % 2 == 0
          && port + 1 <= maxPort
          && owners[port - minPort] == null
          && owners[port + 1 - minPort] == null) {
        reserve(port, port, true, owner);
        reserve(port + 1, port, false, owner);
        next = wrap(port + 2);
        return port;
      }
    }
    return null;
  }

  private void reserve(int port, int base, boolean pair, String owner) {
    int i = port - minPort;
    owners[i] = owner;
    allocationBase[i] = base;
    paired[i] = pair;
    inUse++;
  }

  private void free(int port) {
    int i = port - minPort;
    if (owners[i] != null) {
      owners[i] = null;
      paired[i] = false;
      inUse--;
    }
  }

  private int wrap(int port) {
    return minPort + Math.floorMod(port - minPort, capacity());
  }
}
