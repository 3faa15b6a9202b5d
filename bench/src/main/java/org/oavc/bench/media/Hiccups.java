package org.oavc.bench.media;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * What the platform does to a thread that does nothing: a max-priority thread asks to sleep 1 ms
 * again and again and records how much later than asked it woke up. Its stalls are stalls of the
 * VM, the scheduler or a GC pause, which no pacing design inside the process can hide; reported
 * beside the pacing deviation, they show how much of a row's tail is the machine's. Started and
 * stopped with the recording of a row.
 */
final class Hiccups implements AutoCloseable {
  private static final long PERIOD_NANOS = 1_000_000L;

  private final long[] late = new long[200_000]; // oversleep per wake-up, ns (enough for 200 s)
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean recording;
  private int count;

  Hiccups() {
    thread = new Thread(this::run, "hiccup-meter");
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
    thread.start();
  }

  private void run() {
    while (running) {
      long t0 = System.nanoTime();
      LockSupport.parkNanos(PERIOD_NANOS);
      long over = System.nanoTime() - t0 - PERIOD_NANOS;
      if (recording && count < late.length) {
        late[count++] = Math.max(0, over);
      }
    }
  }

  void start() {
    count = 0;
    recording = true;
  }

  /** Stops recording; returns {p99, max} of the oversleep in microseconds. */
  double[] stop() throws InterruptedException {
    recording = false;
    Thread.sleep(5); // the meter thread sees the flag before its figures are read
    if (count == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    long[] sorted = Arrays.copyOf(late, count);
    Arrays.sort(sorted);
    return new double[] {
      sorted[(int) Math.ceil(0.99 * count) - 1] / 1000.0, sorted[count - 1] / 1000.0
    };
  }

  @Override
  public void close() {
    running = false;
  }
}
