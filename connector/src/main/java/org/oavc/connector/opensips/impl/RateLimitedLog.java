package org.oavc.connector.opensips.impl;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * At most one WARN line per interval; lines in between are only counted and the count is reported
 * with the next line that gets through. A flood of garbage datagrams then costs one log line per
 * second instead of one per packet. Thread-safe.
 */
final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private long nextAllowedNanos = Long.MIN_VALUE;
  private long suppressed;

  RateLimitedLog(Logger log, long interval, TimeUnit unit) {
    this.log = log;
    this.intervalNanos = unit.toNanos(interval);
  }

  /** Logs {@code message} at WARN unless a line went out less than one interval ago. */
  synchronized void warn(String message) {
    long now = System.nanoTime();
    if (nextAllowedNanos != Long.MIN_VALUE && now - nextAllowedNanos < 0) {
      suppressed++;
      return;
    }
    nextAllowedNanos = now + intervalNanos;
    if (suppressed > 0) {
      log.warn("{} ({} similar lines suppressed)", message, suppressed);
      suppressed = 0;
    } else {
      log.warn(message);
    }
  }
}
