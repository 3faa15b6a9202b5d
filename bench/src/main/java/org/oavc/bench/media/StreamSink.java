package org.oavc.bench.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The Java far end of the pacing benchmark: one loopback UDP socket receiving every session's
 * stream on its own thread, timing each stream's inter-arrival intervals (by SSRC) with
 * System.nanoTime() after receive() returns (so the thread's own scheduling delay counts too) and
 * optionally echoing each packet to its sender. {@link NativeStreamSink} is the default.
 */
final class StreamSink implements Sink {
  /**
   * Packets and loss over the recording, and the deviations |interval - 20 ms| (ns) at p50, p99 and
   * max by the rank rule rank = ceil(p / 100 * count), 1-based.
   */
  record Result(
      long packets, long expected, int count, long p50Nanos, long p99Nanos, long maxNanos) {
    /** Sorts the first {@code count} deviations (in place) and takes the percentiles. */
    static Result of(long[] deviations, int count, long packets, long expected) {
      Arrays.sort(deviations, 0, count);
      return count == 0
          ? new Result(packets, expected, 0, 0, 0, 0)
          : new Result(
              packets,
              expected,
              count,
              deviations[rank(50, count)],
              deviations[rank(99, count)],
              deviations[count - 1]);
    }

    /** The 0-based index of percentile p among count sorted values. */
    private static int rank(double p, int count) {
      int rank = (int) Math.ceil(p / 100.0 * count);
      return Math.max(0, Math.min(count - 1, rank - 1));
    }

    double p50Micros() {
      return micros(p50Nanos);
    }

    double p99Micros() {
      return micros(p99Nanos);
    }

    double maxMicros() {
      return micros(maxNanos);
    }

    private double micros(long nanos) {
      return count == 0 ? Double.NaN : nanos / 1000.0;
    }

    double lossPercent() {
      return expected == 0 ? 0 : 100.0 * Math.max(0, expected - packets) / expected;
    }
  }

  private static final long PTIME_NANOS = 20_000_000L;

  private final DatagramChannel channel;
  private final boolean echo;
  private final Thread thread;
  private final Map<Integer, long[]> streams =
      new HashMap<>(); // ssrc -> {lastNanos, firstSeq, highestSeq (extended), count}
  private final long[] deviations;
  private volatile boolean recording;
  private volatile boolean running = true;
  private volatile long pauseMillis;
  private int count;
  private long packets;

  StreamSink(boolean echo, int sessions) throws IOException {
    this.echo = echo;
    channel = DatagramChannel.open();
    channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    channel.bind(new InetSocketAddress("127.0.0.1", 0));
    deviations = new long[Math.max(1, sessions) * 50 * 120];
    thread = new Thread(this::run, "stream-sink");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public InetSocketAddress address() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocateDirect(2048);
    while (running) {
      try {
        buf.clear();
        SocketAddress from = channel.receive(buf);
        if (pauseMillis > 0) {
          Thread.sleep(pauseMillis); // stamped after the stall, as a descheduled thread would
          pauseMillis = 0;
        }
        long now = System.nanoTime();
        buf.flip();
        if (buf.remaining() < 12 || (buf.get(1) & 0xFF) >= 192 && (buf.get(1) & 0xFF) <= 223) {
          continue; // RTCP
        }
        if (recording) {
          account(buf.getInt(8), buf.getShort(2) & 0xFFFF, now);
        }
        if (echo) {
          channel.send(buf, from);
        }
      } catch (IOException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void account(int ssrc, int seq, long now) {
    long[] s = streams.get(ssrc);
    packets++;
    if (s == null) {
      streams.put(ssrc, new long[] {now, seq, seq, 1});
      return;
    }
    if (count < deviations.length) {
      deviations[count++] = Math.abs(now - s[0] - PTIME_NANOS);
    }
    s[0] = now;
    int delta = (short) (seq - (int) (s[2] & 0xFFFF)); // wrap-safe step from the highest so far
    if (delta > 0) {
      s[2] += delta;
    }
    s[3]++;
  }

  @Override
  public void startRecording() {
    recording = true;
  }

  @Override
  public long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean()
        .getThreadCpuTime(thread.getId());
  }

  @Override
  public void pause(long millis) {
    pauseMillis = millis;
  }

  @Override
  public Result stopRecording() throws InterruptedException {
    recording = false;
    Thread.sleep(100); // let the sink thread see the flag before reading its state
    long expected = 0;
    for (long[] s : streams.values()) {
      expected += s[2] - s[1] + 1;
    }
    return Result.of(deviations, count, packets, expected);
  }

  @Override
  public void close() throws IOException {
    running = false;
    channel.close();
  }
}
