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
 * The far end of the pacing benchmark: one loopback UDP socket receiving every session's stream
 * on its own thread, timing each stream's inter-arrival intervals (by SSRC) and optionally echoing
 * each packet to its sender.
 */
final class StreamSink implements AutoCloseable {
  /** Deviations |interval - 20 ms| in ns, packets and loss over the recording. */
  record Result(long[] deviations, int count, long packets, long expected) {
    double deviationMicros(double p) {
      if (count == 0) {
        return Double.NaN;
      }
      long[] sorted = Arrays.copyOf(deviations, count);
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(p / 100.0 * count);
      return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1000.0;
    }

    double lossPercent() {
      return expected == 0 ? 0 : 100.0 * Math.max(0, expected - packets) / expected;
    }
  }

  private static final long PTIME_NANOS = 20_000_000L;

  private final DatagramChannel channel;
  private final boolean echo;
  private final Thread thread;
  private final Map<Integer, long[]> streams = new HashMap<>(); // ssrc -> {lastNanos, firstSeq, highestSeq (extended), count}
  private final long[] deviations;
  private volatile boolean recording;
  private volatile boolean running = true;
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

  InetSocketAddress address() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocateDirect(2048);
    while (running) {
      try {
        buf.clear();
        SocketAddress from = channel.receive(buf);
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

  void startRecording() {
    recording = true;
  }

  Result stopRecording() throws InterruptedException {
    recording = false;
    Thread.sleep(100); // let the sink thread see the flag before reading its state
    long expected = 0;
    for (long[] s : streams.values()) {
      expected += s[2] - s[1] + 1;
    }
    return new Result(deviations, count, packets, expected);
  }

  @Override
  public void close() throws IOException {
    running = false;
    channel.close();
  }
}
