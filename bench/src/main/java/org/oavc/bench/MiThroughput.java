package org.oavc.bench;

import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.connector.opensips.MiClient;
import org.oavc.connector.opensips.MiClientOptions;
import org.oavc.connector.testdouble.OpenSipsTarget;

/**
 * MI requests per second through {@link MiClient} with a fixed number in flight, against the
 * OpenSIPS test double (or a real OpenSIPS when OPENSIPS_MI and OPENSIPS_SIP are set). Each request
 * is {@code uptime}: small, answered from memory, so the client and the transport are what is
 * measured. Args: [inFlight=64] [seconds=10].
 */
public final class MiThroughput {
  public static void main(String[] args) throws Exception {
    int inFlight = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    try (OpenSipsTarget target = OpenSipsTarget.fromEnvironment()) {
      Vertx vertx = Vertx.vertx();
      InetSocketAddress mi = target.miAddress();
      MiClient client =
          MiClient.create(
              vertx,
              new MiClientOptions()
                  .setHost(mi.getAddress().getHostAddress())
                  .setPort(mi.getPort())
                  .setRetries(0));
      run(client, inFlight, 2); // warm-up
      long[] lat = new long[4_000_000];
      AtomicInteger n = new AtomicInteger();
      AtomicInteger errors = new AtomicInteger();
      long start = System.nanoTime();
      long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
      CountDownLatch done = new CountDownLatch(inFlight);
      for (int i = 0; i < inFlight; i++) {
        loop(client, deadline, lat, n, errors, done);
      }
      done.await(seconds + 30L, TimeUnit.SECONDS);
      double elapsed = (System.nanoTime() - start) / 1e9;
      Percentiles p = new Percentiles(lat, Math.min(n.get(), lat.length));
      System.out.printf(
          "MI throughput (%s, target %s)%n",
          Percentiles.machine(),
          target.isDouble() ? "OpenSIPS test double" : "real OpenSIPS " + mi);
      System.out.println(
          "| in flight | requests | errors | seconds | requests/s | p50 us | p99 us |");
      System.out.println("|---|---|---|---|---|---|---|");
      System.out.printf(
          "| %d | %d | %d | %.1f | %.0f | %.0f | %.0f |%n",
          inFlight,
          p.count(),
          errors.get(),
          elapsed,
          p.count() / elapsed,
          p.micros(50),
          p.micros(99));
      client.close();
      vertx.close();
    }
  }

  private static void run(MiClient client, int inFlight, int seconds) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(inFlight);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (int i = 0; i < inFlight; i++) {
      loop(client, deadline, new long[1], new AtomicInteger(), new AtomicInteger(), done);
    }
    done.await(seconds + 30L, TimeUnit.SECONDS);
  }

  /** One of the in-flight slots: each reply sends the next request until the deadline. */
  private static void loop(
      MiClient client,
      long deadline,
      long[] lat,
      AtomicInteger n,
      AtomicInteger errors,
      CountDownLatch done) {
    if (System.nanoTime() >= deadline) {
      done.countDown();
      return;
    }
    long t0 = System.nanoTime();
    client
        .uptime()
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                int i = n.getAndIncrement();
                if (i < lat.length) {
                  lat[i] = System.nanoTime() - t0;
                }
              } else {
                errors.incrementAndGet();
              }
              loop(client, deadline, lat, n, errors, done);
            });
  }
}
