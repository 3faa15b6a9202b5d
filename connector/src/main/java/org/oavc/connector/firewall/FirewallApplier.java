package org.oavc.connector.firewall;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies generated rules the safe way: validate, snapshot our current rules, load atomically, then
 * (optionally) wait for a confirmation and put the snapshot back unless it comes, the way {@code
 * iptables-apply} protects a remote operator from locking themselves out.
 */
public final class FirewallApplier {
  /** How an {@link #apply} ended. */
  public enum Outcome {
    /** Loaded; no confirmation was asked for. */
    APPLIED,
    /** Loaded and confirmed in time. */
    CONFIRMED,
    /** Loaded, not confirmed in time: the previous rules are back. */
    ROLLED_BACK
  }

  private static final Logger LOG = LoggerFactory.getLogger(FirewallApplier.class);

  private final FirewallBackend backend;

  public FirewallApplier(FirewallBackend backend) {
    this.backend = backend;
  }

  /**
   * @param confirmWithin {@code null} to keep the rules at once
   * @param confirmation asked once after loading with the time left; true keeps the rules. It may
   *     block up to that long (e.g. reading a terminal).
   */
  public Outcome apply(
      Map<String, String> files, Duration confirmWithin, Function<Duration, Boolean> confirmation) {
    backend.check(files);
    FirewallBackend.Snapshot before = backend.snapshot();
    try {
      backend.apply(files);
    } catch (RuntimeException e) {
      LOG.error(
          "{}: loading failed, restoring the previous rules: {}", backend.name(), e.getMessage());
      backend.restore(before);
      throw e;
    }
    if (confirmWithin == null) {
      return Outcome.APPLIED;
    }
    // If we are killed while waiting (Ctrl-C, SIGTERM), the hook still puts the old rules back.
    Thread rollbackOnExit = new Thread(() -> backend.restore(before), "firewall-rollback");
    Runtime.getRuntime().addShutdownHook(rollbackOnExit);
    boolean confirmed;
    try {
      confirmed = Boolean.TRUE.equals(confirmation.apply(confirmWithin));
    } catch (RuntimeException e) {
      LOG.warn("{}: confirmation failed ({}), rolling back", backend.name(), e.toString());
      confirmed = false;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(rollbackOnExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs anyway; restoring twice is harmless.
      }
    }
    if (confirmed) {
      return Outcome.CONFIRMED;
    }
    backend.restore(before);
    LOG.warn("{}: not confirmed within {}, previous rules restored", backend.name(), confirmWithin);
    return Outcome.ROLLED_BACK;
  }
}
