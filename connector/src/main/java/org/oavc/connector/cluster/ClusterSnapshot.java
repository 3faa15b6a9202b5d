package org.oavc.connector.cluster;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import org.oavc.connector.cluster.impl.HazelcastClusterMember;
import org.oavc.connector.cluster.impl.PortLease;

/**
 * GET /cluster: the members, and per node the calls it owns and the RTP ports it leases, as the
 * shared maps say (a dead node's entries show until its calls are moved and its leases freed).
 */
public final class ClusterSnapshot {
  private ClusterSnapshot() {}

  /** Reads the maps on a worker (they are walked whole: an operator's request, not per call). */
  public static Future<JsonObject> of(Vertx vertx, ClusterMember member) {
    return vertx.executeBlocking(
        () -> {
          Map<String, int[]> nodes = new TreeMap<>();
          for (String m : member.members()) {
            nodes.put(m, new int[2]);
          }
          IMap<String, String> owners =
              member.hazelcast().getMap(HazelcastClusterMember.OWNERS_MAP);
          owners.values().forEach(n -> nodes.computeIfAbsent(n, k -> new int[2])[0]++);
          IMap<Integer, PortLease> leases =
              member.hazelcast().getMap(HazelcastClusterMember.LEASES_MAP);
          leases.values().forEach(l -> nodes.computeIfAbsent(l.nodeId(), k -> new int[2])[1]++);
          JsonArray out = new JsonArray();
          nodes.forEach(
              (node, n) ->
                  out.add(
                      new JsonObject()
                          .put("node", node)
                          .put("member", member.members().contains(node))
                          .put("calls", n[0])
                          .put("leasedPorts", n[1])));
          return new JsonObject()
              .put("node", member.nodeId())
              .put("alone", false)
              .put("members", out);
        },
        false);
  }

  /** A lone node: itself, its calls and its ports. */
  public static JsonObject alone(String nodeId, int calls, int leasedPorts) {
    return new JsonObject()
        .put("node", nodeId)
        .put("alone", true)
        .put(
            "members",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("node", nodeId)
                        .put("member", true)
                        .put("calls", calls)
                        .put("leasedPorts", leasedPorts)));
  }
}
