/**
 * Connectors as one cluster: {@link org.oavc.connector.cluster.ClusterMember} (membership over an
 * embedded Hazelcast member, configured by {@link org.oavc.connector.cluster.ClusterOptions}); the
 * cluster-wide RTP port leases are {@link org.oavc.connector.cluster.impl.HazelcastPortPool}.
 */
package org.oavc.connector.cluster;
