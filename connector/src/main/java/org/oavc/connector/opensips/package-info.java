/**
 * The OpenSIPS 3.4 interface: {@link org.oavc.connector.opensips.MiClient} (JSON-RPC to
 * mi_datagram), {@link org.oavc.connector.opensips.EventListener} (E_UA_SESSION datagrams) and
 * {@link org.oavc.connector.opensips.EventSubscription} (keeps the event subscription and the
 * liveness heartbeat alive).
 *
 * <p>The behaviour follows the wire captures in {@code shared/wire-samples/opensips-3.4}:
 *
 * <ul>
 *   <li>mi_datagram answers strictly in request order; plain-text replies ({@code 400 Parse_error},
 *       {@code 500 Internal error}) and {@code "id":null} carry no id, so they are matched to the
 *       oldest waiting request;
 *   <li>requests above 65457 bytes only get {@code 400 Parse_error}, so they are refused locally;
 *   <li>events of one call come from several worker ports: any source is accepted, nothing is sent
 *       back;
 *   <li>OpenSIPS can drop a live subscriber silently and forgets all of them on a restart, which
 *       only a changed {@code uptime} "Up since" reveals: subscriptions are renewed often and
 *       restarts are detected by polling.
 * </ul>
 *
 * <p>Metrics: {@code oavc_mi_request_seconds{method,outcome}}, {@code
 * oavc_mi_orphan_replies_total}, {@code oavc_events_received_total{event_type}}, {@code
 * oavc_events_dropped_total{reason}}, {@code oavc_opensips_subscribed}, {@code
 * oavc_opensips_restarts_total}.
 */
package org.oavc.connector.opensips;
