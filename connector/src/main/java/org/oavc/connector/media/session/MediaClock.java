package org.oavc.connector.media.session;

import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pacing thread for every media session of the process. Each registration runs its tick at
 * {@code t0 + n * period} on an absolute clock, so sleep error never accumulates (drift-free over
 * hours); a per-call Vert.x timer would re-arm relative to its last firing and share the event
 * loops with packet handling. Ticks must be short and must not block: they run one after another.
 */
public final class MediaClock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MediaClock.class);

  /**
   * Ticks further behind than this are skipped instead of sent in a burst (e.g. after a GC pause).
   */
  private static final int MAX_BEHIND_PERIODS = 5;

  private static volatile MediaClock shared;

  private final Thread thread;
  private final PriorityQueue<Registration> due =
      new PriorityQueue<>((a, b) -> Long.compare(a.nextNanos, b.nextNanos));
  private final ConcurrentLinkedQueue<Registration> added = new ConcurrentLinkedQueue<>();
  private static final long LATE_NANOS = 2_000_000;
  private final AtomicLong ticks = new AtomicLong();
  private final AtomicLong late = new AtomicLong();
  private volatile boolean running = true;

  public MediaClock(String name) {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
    thread.start();
  }

  /** The process-wide clock, started on first use. */
  public static MediaClock shared() {
    MediaClock c = shared;
    if (c == null) {
      synchronized (MediaClock.class) {
        if (shared == null) {
          shared = new MediaClock("oavc-media-clock");
        }
        c = shared;
      }
    }
    return c;
  }

  /** A scheduled tick; {@link #cancel()} stops it (the tick may run once more if already due). */
  public static final class Registration {
    private final Runnable tick;
    private final long startNanos;
    private final long periodNanos;
    private long index;
    private long nextNanos;
    private volatile boolean cancelled;

    private Registration(Runnable tick, long startNanos, long periodNanos) {
      this.tick = tick;
      this.startNanos = startNanos;
      this.periodNanos = periodNanos;
      this.nextNanos = startNanos;
    }

    public void cancel() {
      cancelled = true;
    }
  }

  /** Runs {@code tick} now and then every {@code periodNanos}. */
  public Registration schedule(long periodNanos, Runnable tick) {
    return schedule(periodNanos, 0, tick);
  }

  /** Runs {@code tick} after {@code initialDelayNanos} and then every {@code periodNanos}. */
  public Registration schedule(long periodNanos, long initialDelayNanos, Runnable tick) {
    if (periodNanos <= 0 || initialDelayNanos < 0) {
      throw new IllegalArgumentException("period must be positive, initial delay not negative");
    }
    if (!running) {
      throw new IllegalStateException("media clock closed");
    }
    Registration r = new Registration(tick, System.nanoTime() + initialDelayNanos, periodNanos);
    added.add(r);
    LockSupport.unpark(thread);
    return r;
  }

  /** Ticks run so far. */
  public long ticks() {
    return ticks.get();
  }

  /**
   * Ticks that started more than 2 ms after their due time (the thread was busy or descheduled).
   */
  public long lateTicks() {
    return late.get();
  }

  private void run() {
    while (running) {
      for (Registration r; (r = added.poll()) != null; ) {
        due.add(r);
      }
      Registration head = due.peek();
      long now = System.nanoTime();
      if (head == null) {
        LockSupport.park(this);
        continue;
      }
      if (head.cancelled) {
        due.poll();
        continue;
      }
      long wait = head.nextNanos - now;
      if (wait > 0) {
        LockSupport.parkNanos(this, wait);
        continue;
      }
      due.poll();
      ticks.incrementAndGet();
      if (-wait > LATE_NANOS) {
        late.incrementAndGet();
      }
      try {
        head.tick.run();
      } catch (RuntimeException e) {
        log.error("media tick failed", e);
      }
      head.index++;
      long behind = (now - head.startNanos) / head.periodNanos - head.index;
      if (behind > MAX_BEHIND_PERIODS) {
        head.index += behind;
      }
      // Absolute schedule: the n-th tick is due at start + n * period, whatever the wake-up error.
      head.nextNanos = head.startNanos + head.index * head.periodNanos;
      due.add(head);
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
  }
}
