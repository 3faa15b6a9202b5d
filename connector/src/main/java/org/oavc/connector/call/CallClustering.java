package org.oavc.connector.call;

import org.oavc.connector.cluster.CallOwnership;
import org.oavc.connector.cluster.CallRecords;
import org.oavc.connector.cluster.ClusterOptions;

/**
 * The call layer's view of the cluster: who owns each call, the replicated records of live calls
 * and the claim timing.
 */
public record CallClustering(CallOwnership ownership, CallRecords records, ClusterOptions options) {

  /** A lone node: owns every call at once, replicates nothing. */
  public static CallClustering alone(String nodeId) {
    return new CallClustering(CallOwnership.alone(nodeId), CallRecords.NONE, new ClusterOptions());
  }
}
