package org.oavc.connector.media.port;

import io.vertx.core.Future;
import java.util.Map;

/**
 * UDP ports for RTP (and RTCP) of calls. The local implementation answers at once; a clustered one
 * (Hazelcast, later) needs the network, hence futures. The pool only books ports: another process
 * may still hold one, so a caller whose bind fails should acquire again (round-robin gives another
 * port) and release the one it could not bind.
 */
public interface PortPool {

  /**
   * A free port for {@code owner} (a call key, for diagnostics). With {@code pair=true} an even RTP
   * port whose port + 1 (RTCP) is reserved as well; with {@code pair=false} any free port. Fails
   * with {@link PortsExhaustedException} when none is left.
   */
  Future<Integer> acquire(String owner, boolean pair);

  /** Gives a port back; idempotent; releases the pair when acquired as one (either port of it). */
  Future<Void> release(int port);

  /** Number of ports in the pool. */
  int capacity();

  /** Number of ports reserved now (a pair counts two). */
  int inUse();

  /** Reserved ports and their owners, a snapshot for diagnostics. */
  Map<Integer, String> owners();
}
