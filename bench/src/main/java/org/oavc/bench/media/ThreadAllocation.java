package org.oavc.bench.media;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.function.Predicate;

/**
 * Bytes allocated by the threads whose names match (e.g. the event loops and the media clock), and
 * the collections the JVM ran, between {@link #start} and {@link #stop}: where a pacing tail could
 * come from (allocation means young collections, and each one stops every thread).
 */
final class ThreadAllocation {
  /** What a measured interval cost. */
  record Figures(long bytes, long gcCount, long gcMillis) {}

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final Predicate<String> names;
  private long bytes0;
  private long gcCount0;
  private long gcMillis0;

  ThreadAllocation(Predicate<String> names) {
    this.names = names;
  }

  void start() {
    bytes0 = allocated();
    gcCount0 = gcCount();
    gcMillis0 = gcMillis();
  }

  Figures stop() {
    return new Figures(allocated() - bytes0, gcCount() - gcCount0, gcMillis() - gcMillis0);
  }

  /**
   * Threads that died between start and stop are not counted; the measured ones live throughout.
   */
  private long allocated() {
    long sum = 0;
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] != null && names.test(infos[i].getThreadName())) {
        long b = threads.getThreadAllocatedBytes(ids[i]);
        sum += Math.max(0, b);
      }
    }
    return sum;
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static long gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  /** Bytes the current thread allocated so far (for per-operation figures). */
  static long currentThread() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
