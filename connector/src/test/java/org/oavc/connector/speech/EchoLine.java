package org.oavc.connector.speech;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A line echo: what the connector sends comes back into the caller's uplink after a delay,
 * attenuated. Frames go in on arrival and come out, due by arrival time + delay, at the caller's
 * next send tick.
 */
final class EchoLine {
  private record Delayed(long dueNanos, short[] pcm) {}

  private final Deque<Delayed> line = new ArrayDeque<>();
  private volatile long delayNanos = -1;
  private volatile double gainDb;

  /** Starts echoing with this delay (0-200 ms in the tests) and gain (e.g. -6 dB). */
  synchronized void enable(int delayMillis, double gainDb) {
    this.gainDb = gainDb;
    this.delayNanos = delayMillis * 1_000_000L;
    line.clear();
  }

  synchronized void disable() {
    delayNanos = -1;
    line.clear();
  }

  boolean enabled() {
    return delayNanos >= 0;
  }

  /** A frame the connector sent us, heard at {@code arrivalNanos}. */
  synchronized void heard(long arrivalNanos, short[] pcm) {
    if (delayNanos >= 0) {
      line.addLast(new Delayed(arrivalNanos + delayNanos, Pcm.gain(pcm, gainDb)));
    }
  }

  /**
   * Mixes into {@code frame} the one echo frame due by {@code nowNanos}. Arrival jitter may let a
   * few frames fall due at once; beyond three the oldest are dropped so the delay stays put.
   */
  synchronized void mixDue(short[] frame, long nowNanos) {
    while (line.size() > 3 && line.stream().skip(3).findFirst().get().dueNanos() <= nowNanos) {
      line.pollFirst();
    }
    if (!line.isEmpty() && line.peekFirst().dueNanos() <= nowNanos) {
      Pcm.mixInto(frame, line.pollFirst().pcm());
    }
  }
}
