package org.oavc.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.cluster.ClusterMember;
import org.oavc.connector.cluster.ClusterMembers;
import org.oavc.connector.cluster.impl.HazelcastPortPool;

/**
 * Lease + release of an RTP port pair through {@link HazelcastPortPool}, one after another, with 1
 * member (alone, as a single connector runs) and with 3 in-process members on loopback (2/3 of the
 * ports' partitions then live on another member, one TCP round trip away). Prints a table.
 *
 * <p>Usage: bench/run.sh ClusterLeaseLatency [measured=5000] [warmup=3000]
 */
public final class ClusterLeaseLatency {

  public static void main(String[] args) throws Exception {
    int measured = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    Vertx vertx = Vertx.vertx();
    System.out.println("lease+release of a pair, one at a time; " + Percentiles.machine());
    System.out.printf(
        "%-9s %8s %10s %10s %10s%n", "members", "samples", "p50 us", "p99 us", "max us");
    for (int size : new int[] {1, 3}) {
      List<ClusterMember> members = start(vertx, size);
      HazelcastPortPool pool =
          new HazelcastPortPool(vertx, members.get(0), 35000, 35100, new SimpleMeterRegistry());
      run(pool, warmup);
      long[] samples = run(pool, measured);
      Percentiles p = new Percentiles(samples, samples.length);
      System.out.printf(
          "%-9d %8d %10.0f %10.0f %10.0f%n",
          size, p.count(), p.micros(50), p.micros(99), p.micros(100));
      for (ClusterMember m : members) {
        await(m.leave());
      }
    }
    await(vertx.close());
  }

  private static long[] run(HazelcastPortPool pool, int n) throws Exception {
    long[] samples = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      int port = await(pool.acquire("bench-" + i, true));
      await(pool.release(port));
      samples[i] = System.nanoTime() - t0;
    }
    return samples;
  }

  private static List<ClusterMember> start(Vertx vertx, int size) {
    List<ClusterMember> out = new ArrayList<>();
    if (size == 1) {
      out.add(ClusterMembers.alone(vertx));
      return out;
    }
    ClusterMembers cluster = new ClusterMembers(size);
    for (int i = 0; i < size; i++) {
      out.add(cluster.start(vertx, i));
    }
    return out;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
