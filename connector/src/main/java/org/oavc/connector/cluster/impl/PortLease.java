package org.oavc.connector.cluster.impl;

import java.io.Serializable;

/**
 * One port's entry in the cluster's lease map: which node leased it, for which call, when, and the
 * allocation it belongs to ({@code basePort}, {@code pair}: both ports of a pair carry the same
 * lease). {@code leaseId} is unique per allocation: a claim retried by Hazelcast after it already
 * went through recognises itself, and a node frees only the lease it took.
 */
public record PortLease(
    String leaseId, String nodeId, String callKey, long leasedAtMillis, int basePort, boolean pair)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
