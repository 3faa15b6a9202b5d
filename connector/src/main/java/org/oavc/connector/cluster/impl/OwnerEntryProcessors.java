package org.oavc.connector.cluster.impl;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Atomic steps on one call's owner entry, run by the member owning its partition (and replayed on
 * its backups). Each is idempotent: Hazelcast retries an operation whose member left before it
 * answered, and a retry must not change the outcome.
 */
final class OwnerEntryProcessors {
  private OwnerEntryProcessors() {}

  /** Writes {@code node} into an empty entry; answers the owner after the step. */
  static final class Claim implements EntryProcessor<String, String, String> {
    private static final long serialVersionUID = 1L;
    private final String node;

    Claim(String node) {
      this.node = node;
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      String owner = entry.getValue();
      if (owner == null) {
        entry.setValue(node);
        return node;
      }
      return owner;
    }
  }

  /** Removes the entry only while {@code node} owns it; true when it is gone or never was. */
  static final class Release implements EntryProcessor<String, String, Boolean> {
    private static final long serialVersionUID = 1L;
    private final String node;

    Release(String node) {
      this.node = node;
    }

    @Override
    public Boolean process(Map.Entry<String, String> entry) {
      String owner = entry.getValue();
      if (owner != null && owner.equals(node)) {
        entry.setValue(null); // removes the entry
      }
      return owner == null || owner.equals(node);
    }
  }

  /** Moves the entry from {@code from} to {@code to}, only while {@code from} owns it. */
  static final class Move implements EntryProcessor<String, String, String> {
    private static final long serialVersionUID = 1L;
    private final String from;
    private final String to;

    Move(String from, String to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      String owner = entry.getValue();
      if (from.equals(owner)) {
        entry.setValue(to);
        return to;
      }
      return owner;
    }
  }
}
