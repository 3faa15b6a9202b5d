package org.oavc.bench.media;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The far end of the pacing benchmarks: one loopback socket receiving every stream, timing each
 * stream's inter-arrival intervals (by SSRC) and optionally echoing each packet to its sender.
 */
interface Sink extends AutoCloseable {
  InetSocketAddress address() throws IOException;

  /** Starts recording (once per sink; the native one also resets its figures). */
  void startRecording() throws IOException;

  /** Stops recording and returns the figures since {@link #startRecording()}. */
  StreamSink.Result stopRecording() throws IOException, InterruptedException;

  /** CPU time the sink has used so far (its thread, or its process), ns. */
  long cpuNanos();

  /** Stalls the receiving thread for this long (to check what the timestamps include). */
  void pause(long millis) throws IOException;

  @Override
  void close() throws IOException;

  /**
   * Lets the streams run for the row's seconds; with env BENCH_SINK_STALL_MS=N the receiving thread
   * is stalled for N ms in the middle of every second (a sink timing by its own clock then reports
   * the stalls as deviation, one timing by kernel receive timestamps must not).
   */
  default void record(int seconds) throws IOException, InterruptedException {
    long stallMillis = Long.parseLong(System.getenv().getOrDefault("BENCH_SINK_STALL_MS", "0"));
    for (int s = 0; s < seconds; s++) {
      Thread.sleep(500);
      if (stallMillis > 0) {
        pause(stallMillis);
      }
      Thread.sleep(500);
    }
  }

  /**
   * The sink chosen by env BENCH_SINK: {@code native} (default; {@link NativeStreamSink}, kernel
   * receive timestamps) or {@code java} ({@link StreamSink}, System.nanoTime() after receive).
   */
  static Sink open(boolean echo, int sessions) throws IOException {
    return switch (chosen()) {
      case "java" -> new StreamSink(echo, sessions);
      case "native" -> new NativeStreamSink(echo, sessions);
      default ->
          throw new IllegalArgumentException("BENCH_SINK must be native or java, not " + chosen());
    };
  }

  /** For the table header: which sink times the packets, and with which clock. */
  static String describe() {
    String stall = System.getenv().getOrDefault("BENCH_SINK_STALL_MS", "0");
    return ("java".equals(chosen())
            ? "sink java (System.nanoTime() after receive, includes the sink thread's scheduling delay)"
            : "sink native (kernel receive timestamps, SO_TIMESTAMPNS; recvmmsg/sendmmsg, BENCH_SINK_COALESCE_US="
                + NativeStreamSink.coalesceMicros()
                + ")")
        + ("0".equals(stall) ? "" : ", sink stalled " + stall + " ms every second");
  }

  private static String chosen() {
    return System.getenv()
        .getOrDefault("BENCH_SINK", "native")
        .trim()
        .toLowerCase(java.util.Locale.ROOT);
  }
}
