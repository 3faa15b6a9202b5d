package org.oavc.xdp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.oavc.common.net.Cidr;
import org.oavc.xdp.bpf.AttachResult;
import org.oavc.xdp.bpf.FilterConfig;
import org.oavc.xdp.impl.XdpAgentImpl;

/**
 * Owner of the XDP SIP filter's maps: loads/attaches (or adopts) the program, serves the HTTP API,
 * persists lists and settings, and feeds OpenSIPS E_PIKE_BLOCKED into the blocklist.
 */
public interface XdpAgent {
  static XdpAgent create(Vertx vertx, XdpAgentOptions options) {
    return new XdpAgentImpl(vertx, options);
  }

  /** Loads or adopts the program, restores the state file, starts HTTP and the feed. */
  Future<Void> start();

  /** Stops serving; detaches and unpins when the agent attached and was asked to. */
  Future<Void> close();

  /** Bound HTTP port (after start). */
  int httpPort();

  /** Where the program is attached and in which mode really; null when not attached. */
  AttachResult attachment();

  /** Adds or replaces a list entry; ttlSeconds 0 = permanent. */
  Future<Void> add(ListName list, Cidr cidr, long ttlSeconds);

  /** Removes a list entry; false when absent. */
  Future<Boolean> remove(ListName list, Cidr cidr);

  Future<List<ListEntryView>> entries(ListName list);

  Future<FilterConfig> config();

  Future<Void> updateConfig(FilterConfig config);

  /** Which address list. */
  enum ListName {
    BLOCKLIST,
    ALLOWLIST
  }

  /** A list entry as served: remaining TTL in seconds, or null when permanent. */
  record ListEntryView(String cidr, Long ttlSeconds, long expiresAtEpochMs) {}
}
