package org.oavc.connector.firewall;

import java.util.Map;

/**
 * One kernel firewall front end (iptables or nftables) that can validate, load and restore OAVC's
 * own rules without touching anyone else's. Calls block on external processes: run them from a CLI
 * thread or a worker, never from an event loop.
 */
public interface FirewallBackend {

  /** What {@link #snapshot()} saw of our rules; {@code null} parts mean "was absent". */
  interface Snapshot {}

  String name();

  /** Validates the generated files with the tool's dry-run mode; changes nothing. */
  void check(Map<String, String> files);

  /** Records our current rules (only ours) so that {@link #restore} can put them back. */
  Snapshot snapshot();

  /** Loads the generated files atomically into our own chain/table; idempotent. */
  void apply(Map<String, String> files);

  /** Puts our rules back exactly as {@code snapshot} saw them (removing them if absent). */
  void restore(Snapshot snapshot);
}
