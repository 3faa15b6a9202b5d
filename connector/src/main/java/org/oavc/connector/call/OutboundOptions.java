package org.oavc.connector.call;

import java.time.Duration;
import java.util.Map;
import org.oavc.common.settings.Settings;
import org.oavc.connector.amd.AmdOptions;

/**
 * How the connector places calls (POST /calls): the one reader of the OUTBOUND_* keys.
 *
 * @param defaultFrom the From URI when a request names none
 * @param ringTimeout how long a call may ring before we CANCEL it; keep it below the OpenSIPS cfg's
 *     {@code fr_inv_timeout}, which otherwise ends it first with a 408
 * @param mediaTimeout RTP silence after which the called party counts as gone: OpenSIPS raises no
 *     event for its BYE (wire samples 17), so the media is the only witness
 * @param maxConcurrent outbound calls ringing or answered at once; more wait in the queue
 * @param callsPerSecond INVITEs sent per second at most; more wait in the queue
 * @param queueSize requests that may wait; beyond it POST /calls answers 429
 * @param earlyMediaFlavors flavors (lower case) whose agent gets the call with a 183's early media
 *     instead of with the 200
 * @param reportUrls whether a request may name its own report receiver (report_url): only when
 *     reports are signed (REPORT_WEBHOOK_SECRET set)
 * @param amd how a request's "amd" classifies the callee and what it does with a machine
 */
public record OutboundOptions(
    String defaultFrom,
    Duration ringTimeout,
    Duration mediaTimeout,
    int maxConcurrent,
    int callsPerSecond,
    int queueSize,
    java.util.Set<String> earlyMediaFlavors,
    Duration sessionLimit,
    boolean reportUrls,
    AmdOptions amd) {

  /**
   * OUTBOUND_FROM, OUTBOUND_RING_TIMEOUT_S, OUTBOUND_MEDIA_TIMEOUT_MS, OUTBOUND_MAX_CONCURRENT,
   * OUTBOUND_CALLS_PER_SECOND, OUTBOUND_QUEUE_SIZE, OUTBOUND_EARLY_MEDIA_FLAVORS, and
   * SESSION_LIMIT_S (shared with opensips.cfg, which gives inbound sessions the same limit); the
   * AMD_* keys through {@link AmdOptions#fromSettings}.
   */
  public static OutboundOptions fromSettings(Settings s) {
    return new OutboundOptions(
        OutboundRequest.checkedUri("OUTBOUND_FROM", s.string("OUTBOUND_FROM")),
        Duration.ofSeconds(s.integer("OUTBOUND_RING_TIMEOUT_S", 1, 3600)),
        Duration.ofMillis(s.integer("OUTBOUND_MEDIA_TIMEOUT_MS", 200, 600_000)),
        s.integer("OUTBOUND_MAX_CONCURRENT", 0, 100_000),
        s.integer("OUTBOUND_CALLS_PER_SECOND", 1, 10_000),
        s.integer("OUTBOUND_QUEUE_SIZE", 0, 1_000_000),
        s.list("OUTBOUND_EARLY_MEDIA_FLAVORS").stream()
            .map(f -> f.trim().toLowerCase(java.util.Locale.ROOT))
            .filter(f -> !f.isEmpty())
            .collect(java.util.stream.Collectors.toUnmodifiableSet()),
        Duration.ofSeconds(s.integer("SESSION_LIMIT_S", 1, Integer.MAX_VALUE)),
        false,
        AmdOptions.fromSettings(s));
  }

  /** These options with report_url allowed or not (see {@code reportUrls}). */
  public OutboundOptions withReportUrls(boolean allowed) {
    return new OutboundOptions(
        defaultFrom,
        ringTimeout,
        mediaTimeout,
        maxConcurrent,
        callsPerSecond,
        queueSize,
        earlyMediaFlavors,
        sessionLimit,
        allowed,
        amd);
  }

  /** The shipped defaults (config/oavc.env): for controllers built in code rather than a file. */
  public static OutboundOptions defaults() {
    return fromSettings(Settings.defaultsWith(Map.of()));
  }
}
