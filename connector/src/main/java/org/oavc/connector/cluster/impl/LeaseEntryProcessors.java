package org.oavc.connector.cluster.impl;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * The two atomic steps on one port's entry, run by the member owning the port's partition (and
 * replayed on its backups): claim when free, free only when held by the given lease. Both are
 * idempotent, because Hazelcast retries an operation whose member left before it answered.
 */
final class LeaseEntryProcessors {
  private LeaseEntryProcessors() {}

  /** True when the port is now held by {@code lease} (freshly, or by an earlier try of it). */
  static final class Claim implements EntryProcessor<Integer, PortLease, Boolean> {
    private static final long serialVersionUID = 1L;
    private final PortLease lease;

    Claim(PortLease lease) {
      this.lease = lease;
    }

    @Override
    public Boolean process(Map.Entry<Integer, PortLease> entry) {
      PortLease held = entry.getValue();
      if (held == null) {
        entry.setValue(lease);
        return true;
      }
      return held.leaseId().equals(lease.leaseId());
    }
  }

  /** Frees the port when a lease of {@code nodeId} (a dead node) holds it. */
  static final class FreeNode implements EntryProcessor<Integer, PortLease, Boolean> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;

    FreeNode(String nodeId) {
      this.nodeId = nodeId;
    }

    @Override
    public Boolean process(Map.Entry<Integer, PortLease> entry) {
      PortLease held = entry.getValue();
      if (held != null && held.nodeId().equals(nodeId)) {
        entry.setValue(null);
        return true;
      }
      return false;
    }
  }

  /** True when the port was held by {@code leaseId} and is free now. */
  static final class Free implements EntryProcessor<Integer, PortLease, Boolean> {
    private static final long serialVersionUID = 1L;
    private final String leaseId;

    Free(String leaseId) {
      this.leaseId = leaseId;
    }

    @Override
    public Boolean process(Map.Entry<Integer, PortLease> entry) {
      PortLease held = entry.getValue();
      if (held != null && held.leaseId().equals(leaseId)) {
        entry.setValue(null); // removes the entry
        return true;
      }
      return false;
    }
  }
}
