package org.oavc.connector.call;

import java.time.Duration;
import org.oavc.connector.config.OavcConfig;

/** The call-control settings, taken from the config file (see config/oavc.env). */
public record CallPolicy(
    Duration setupTimeout,
    Duration ring,
    int retryAfterS,
    Duration rtpTimeout,
    Duration rtpHoldTimeout,
    Duration reconcileInterval,
    Duration rejectCleanupDelay,
    int terminateAttempts,
    int historySize) {

  public static CallPolicy from(OavcConfig c) {
    return new CallPolicy(
        c.callSetupTimeout,
        c.ring,
        c.retryAfterS,
        c.rtpTimeout,
        c.rtpHoldTimeout,
        c.reconcileInterval,
        Duration.ofSeconds(2),
        3,
        1000);
  }

  /** The same policy answering at once (no 180, no ring time): rehearsal calls must not wait. */
  public CallPolicy withoutRing() {
    return new CallPolicy(
        setupTimeout,
        Duration.ZERO,
        retryAfterS,
        rtpTimeout,
        rtpHoldTimeout,
        reconcileInterval,
        rejectCleanupDelay,
        terminateAttempts,
        historySize);
  }
}
