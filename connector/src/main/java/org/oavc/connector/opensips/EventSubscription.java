package org.oavc.connector.opensips;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.time.Instant;
import org.oavc.connector.opensips.impl.EventSubscriptionImpl;

/**
 * Keeps the connector subscribed to {@code E_UA_SESSION} and tells OpenSIPS it is alive.
 *
 * <ul>
 *   <li>{@code event_subscribe} with an expiry, renewed well before it lapses: OpenSIPS can drop a
 *       live subscriber silently (a {@code subscribers_list} purge) and forgets all of them on a
 *       restart;
 *   <li>while OpenSIPS does not answer, retries with exponential backoff forever, logging only
 *       state changes;
 *   <li>polls {@code uptime}: a changed "Up since" (or a smaller "Up time") means OpenSIPS
 *       restarted, so it resubscribes at once and fires {@link #onRestart(Handler)} for the call
 *       layer to reconcile its sessions;
 *   <li>stores a heartbeat key with {@code cache_store} for the OpenSIPS script to check. A missing
 *       cachedb_local is logged once and never blocks the subscription.
 * </ul>
 *
 * Handlers run on the subscription's Vert.x context.
 */
public interface EventSubscription {

  static EventSubscription create(Vertx vertx, MiClient mi, EventSubscriptionOptions options) {
    return new EventSubscriptionImpl(vertx, mi, options);
  }

  /** Called after a detected OpenSIPS restart, once the resubscription has been sent. */
  EventSubscription onRestart(Handler<Void> handler);

  /**
   * Starts subscribing, renewing, polling and heartbeating. Completes once the loops run; it does
   * not wait for OpenSIPS (see {@link #isSubscribed()}).
   */
  Future<Void> start();

  /** True while the last event_subscribe succeeded, has not expired and no restart was seen. */
  boolean isSubscribed();

  /** When OpenSIPS last answered any MI request of ours successfully; null if never. */
  Instant lastMiSuccess();

  /** The subscriber socket handed to OpenSIPS, e.g. {@code udp:127.0.0.1:8089}. */
  String subscriberSocket();

  /**
   * Stops every loop and unsubscribes (expire 0) once, best effort: completes (never fails) after
   * OpenSIPS answered or {@link EventSubscriptionOptions#getStopTimeout()} passed.
   */
  Future<Void> stop();
}
