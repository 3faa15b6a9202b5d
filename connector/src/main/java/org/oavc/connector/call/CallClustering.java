package org.oavc.connector.call;

import org.oavc.connector.cluster.CallHandoffs;
import org.oavc.connector.cluster.CallOwnership;
import org.oavc.connector.cluster.CallRecords;
import org.oavc.connector.cluster.ClusterOptions;

/**
 * The call layer's view of the cluster: who owns each call, the replicated records of live calls,
 * the messages of calls moving between live nodes, and the claim timing.
 */
public record CallClustering(
    CallOwnership ownership, CallRecords records, CallHandoffs handoffs, ClusterOptions options) {

  /** A lone node: owns every call at once, replicates nothing. */
  public static CallClustering alone(String nodeId) {
    return new CallClustering(
        CallOwnership.alone(nodeId), CallRecords.NONE, CallHandoffs.NONE, new ClusterOptions());
  }
}
