package org.oavc.connector.opensips;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.oavc.connector.opensips.impl.EventListenerImpl;

/**
 * Receives E_UA_SESSION datagrams on a UDP socket. Events of one call arrive from several OpenSIPS
 * worker ports, so any source is accepted and nothing is ever sent back. Datagrams that do not
 * parse are dropped, counted by reason ({@code oavc_events_dropped_total}) and logged.
 */
public interface EventListener {

  static EventListener create(Vertx vertx, EventListenerOptions options) {
    return new EventListenerImpl(vertx, options);
  }

  /** Called on the listener's event loop for every well-formed event. */
  EventListener handler(Handler<UaSessionEvent> handler);

  /** Binds the socket; yields the bound port (useful when configured as 0). */
  Future<Integer> listen();

  /** The bound port, or -1 before {@link #listen()} completed. */
  int port();

  long received();

  long dropped();

  Future<Void> close();
}
