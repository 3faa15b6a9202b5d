package org.oavc.bench.media;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.media.MediaSessionFactory;
import org.oavc.connector.media.session.MediaClock;
import org.oavc.connector.media.session.RtpSessionOptions;
import org.oavc.connector.media.session.RtpSessions;
import org.oavc.connector.sdp.Codec;
import org.oavc.connector.sdp.MediaDirection;
import org.oavc.connector.sdp.SdpNegotiation;

/**
 * N RTP sessions (PCMU, 20 ms) sending comfort silence at 50 packets/s each to a loopback sink that
 * echoes every packet back (so each session also receives, decodes and plays out 50 pps). Reports
 * the deviation of each stream's inter-arrival interval from 20 ms (p50/p99/max), loss, CPU per
 * call (this JVM's, so the Java sink's thread counts, the native sink does not), the sink's own CPU
 * (% of one core), heap per call, bytes allocated per packet on the media threads, the GCs during
 * the row, the process's context switches per second and the platform's own stalls ({@link
 * Hiccups}). Environment: BENCH_TRANSPORT=epoll|nio|io_uring, BENCH_EVENT_LOOPS=N,
 * BENCH_METRICS=true, BENCH_SINK=native|java, BENCH_SINK_STALL_MS=N ({@link Sink}). Args:
 * [sessionCounts=101,500,1000] [seconds=10] [echo=true] [grouped|clock|timers]: the shared clock
 * with sessions grouped per event loop (default, as the daemon's RTP_PACING), the shared clock with
 * one task per session and frame, or per-session Vert.x timers.
 */
public final class PacingLoad {
  private static final int FIRST_PORT = 42000;
  private static boolean timers;
  private static boolean grouped;
  private static boolean announced;
  private static boolean warmedUp;

  public static void main(String[] args) throws Exception {
    String[] counts = (args.length > 0 ? args[0] : "101,500,1000").split(",");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    boolean echo = args.length <= 2 || Boolean.parseBoolean(args[2]);
    timers = args.length > 3 && args[3].equals("timers");
    grouped = args.length <= 3 || args[3].equals("grouped");
    System.out.printf(
        "Media pacing (%s, %d s per row, echo %s, pacing %s)%n",
        machine(),
        seconds,
        echo,
        timers
            ? "per-session Vert.x timers"
            : grouped ? "shared MediaClock, grouped" : "shared MediaClock, per session");
    System.out.println(Sink.describe());
    System.out.printf(
        "%8s %10s %10s %10s %10s %8s %12s %10s %12s %10s %12s %8s %10s %14s%n",
        "sessions",
        "packets",
        "dev p50 us",
        "dev p99 us",
        "dev max us",
        "loss %",
        "CPU/call %",
        "sink CPU%",
        "heap/call KB",
        "late tick%",
        "alloc B/pkt",
        "GCs(ms)",
        "ctxsw/s",
        "hiccup p99/max");
    for (String c : counts) {
      row(Integer.parseInt(c.trim()), seconds, echo);
    }
    System.exit(0);
  }

  private static void row(int sessions, int seconds, boolean echo) throws Exception {
    // BENCH_EVENT_LOOPS=N (or -Dbench.eventLoops=N): fewer event loop threads than Vert.x's
    // default (2 per core) to see how much of the tail is threads waiting for a core.
    int loops =
        Integer.getInteger(
            "bench.eventLoops",
            Integer.parseInt(System.getenv().getOrDefault("BENCH_EVENT_LOOPS", "0")));
    // BENCH_TRANSPORT=nio|epoll (default epoll, as the daemon's NATIVE_TRANSPORT) and
    // BENCH_METRICS=true (Vert.x's Micrometer metrics on every socket, as the daemon runs).
    String transport = System.getenv().getOrDefault("BENCH_TRANSPORT", "epoll");
    io.vertx.core.VertxOptions options =
        new io.vertx.core.VertxOptions().setPreferNativeTransport(!"nio".equals(transport));
    if (loops > 0) {
      options.setEventLoopPoolSize(loops);
    }
    io.vertx.core.VertxBuilder builder = Vertx.builder().with(options);
    if ("io_uring".equals(transport)) {
      builder.withTransport(io.vertx.core.transport.Transport.IO_URING);
    }
    if (Boolean.parseBoolean(System.getenv().getOrDefault("BENCH_METRICS", "false"))) {
      options.setMetricsOptions(
          new io.vertx.micrometer.MicrometerMetricsOptions().setEnabled(true));
      builder.withMetrics(
          new io.vertx.micrometer.MicrometerMetricsFactory(
              new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                  io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT)));
    }
    Vertx vertx = builder.build();
    if (!announced) {
      announced = true;
      System.out.printf(
          "transport %s, Vert.x socket metrics %s%n",
          vertx.isNativeTransportEnabled() ? transport : "NIO",
          options.getMetricsOptions() != null && options.getMetricsOptions().isEnabled());
    }
    MediaClock clock = new MediaClock("bench-media-clock");
    try (Sink sink = Sink.open(echo, sessions)) {
      MediaSessionFactory factory =
          RtpSessions.factory(
              vertx,
              new RtpSessionOptions()
                  .setBindIp("127.0.0.1")
                  .setClock(clock)
                  .setRtcpIntervalMillis(5000)
                  .setEventLoopPacing(timers)
                  .setGroupedPacing(grouped));
      long heapBefore = usedHeapAfterGc();
      List<MediaSession> open = new ArrayList<>();
      int port = FIRST_PORT;
      SdpNegotiation n =
          new SdpNegotiation(
              "v=0\r\n",
              new Codec("PCMU", 0, 8000, 1, null),
              101,
              20,
              MediaDirection.SENDRECV,
              sink.address(),
              null,
              true,
              1,
              1);
      while (open.size() < sessions) {
        // Open the missing ones in parallel; ports another process holds fail and are skipped.
        List<io.vertx.core.Future<MediaSession>> opening = new ArrayList<>();
        for (int i = open.size(); i < sessions; i++) {
          port += 2;
          opening.add(factory.open("bench-" + port, port));
        }
        io.vertx.core.Future.join(opening)
            .toCompletionStage()
            .handle((v, e) -> null)
            .toCompletableFuture()
            .get(120, TimeUnit.SECONDS);
        for (io.vertx.core.Future<MediaSession> f : opening) {
          if (f.succeeded()) {
            MediaSession s = f.result();
            s.onAudio(16000, (pcm, rate) -> {});
            s.apply(n);
            open.add(s);
          }
        }
      }
      // Warm-up: jitter buffers primed; the JVM's first row also needs the JIT to compile the media
      // path (measured: a 2 s warm-up left the first row of each run with a tail the later rows
      // lack).
      Thread.sleep(warmedUp ? 2000 : 8000);
      warmedUp = true;
      // Allocation on the threads that do the media work (event loops, clock), per packet sent
      // plus received, and the collections it caused during the row.
      ThreadAllocation alloc =
          new ThreadAllocation(
              name -> name.startsWith("vert.x-eventloop") || name.equals("bench-media-clock"));
      alloc.start();
      Hiccups hiccups = new Hiccups();
      hiccups.start();
      long switches0 = contextSwitches();
      long ticks0 = clock.ticks();
      long late0 = clock.lateTicks();
      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long sinkCpu0 = sink.cpuNanos();
      long sinkT0 = System.nanoTime();
      sink.startRecording();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      sink.record(seconds);
      long cpu = os.getProcessCpuTime() - cpu0;
      long wall = System.nanoTime() - t0;
      StreamSink.Result r =
          sink.stopRecording(); // right away: both sinks then cover the same row time
      double sinkCpuPercent = 100.0 * (sink.cpuNanos() - sinkCpu0) / (System.nanoTime() - sinkT0);
      double switchesPerSecond = (contextSwitches() - switches0) * 1e9 / wall;
      double[] stalls = hiccups.stop();
      hiccups.close();
      ThreadAllocation.Figures a = alloc.stop();
      double latePercent =
          100.0 * (clock.lateTicks() - late0) / Math.max(1, clock.ticks() - ticks0);
      long heapAfter = usedHeapAfterGc();
      List<io.vertx.core.Future<Void>> closing = new ArrayList<>();
      for (MediaSession s : open) {
        closing.add(s.close());
      }
      io.vertx.core.Future.all(closing)
          .toCompletionStage()
          .toCompletableFuture()
          .get(120, TimeUnit.SECONDS);
      long packets = r.packets() * (echo ? 2 : 1); // each packet the sink saw, plus its echo
      System.out.printf(
          "%8d %10d %10.0f %10.0f %10.0f %8.3f %12.3f %10.1f %12.1f %10.3f %12.0f %8s %10.0f %14s%n",
          sessions,
          r.packets(),
          r.p50Micros(),
          r.p99Micros(),
          r.maxMicros(),
          r.lossPercent(),
          100.0 * cpu / wall / sessions,
          sinkCpuPercent,
          (heapAfter - heapBefore) / 1024.0 / sessions,
          latePercent,
          (double) a.bytes() / Math.max(1, packets),
          a.gcCount() + "(" + a.gcMillis() + ")",
          switchesPerSecond,
          String.format("%.0f/%.0f us", stalls[0], stalls[1]));
    } finally {
      clock.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** Context switches of this process so far (every thread's, from /proc; 0 elsewhere). */
  static long contextSwitches() {
    long total = 0;
    try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
      for (java.nio.file.Path t : tasks.toList()) {
        try {
          for (String line : java.nio.file.Files.readAllLines(t.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches")
                || line.startsWith("nonvoluntary_ctxt_switches")) {
              total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (java.io.IOException e) {
          // the thread ended meanwhile
        }
      }
    } catch (java.io.IOException e) {
      return 0;
    }
    return total;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  static String machine() {
    return Runtime.getRuntime().availableProcessors()
        + " cores, Java "
        + System.getProperty("java.version");
  }

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }
}
