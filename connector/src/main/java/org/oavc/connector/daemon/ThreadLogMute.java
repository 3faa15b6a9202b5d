package org.oavc.connector.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Drops every log event made on one thread while installed: the rehearsal calls' event loop, whose
 * per-call lines would bury the real log. Lines of real calls (other threads) still pass.
 */
final class ThreadLogMute extends TurboFilter {
  private final Thread muted;

  private ThreadLogMute(Thread muted) {
    this.muted = muted;
  }

  /** Mutes the calling thread; returns what unmutes it (a no-op without logback). */
  static Runnable muteCurrentThread() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return () -> {};
    }
    ThreadLogMute mute = new ThreadLogMute(Thread.currentThread());
    mute.start();
    context.addTurboFilter(mute);
    return () -> context.getTurboFilterList().remove(mute);
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    return Thread.currentThread() == muted ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
