package org.oavc.connector.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

/**
 * How this connector joins its cluster: the CLUSTER_* settings and NODE_ID. No members listed means
 * alone: one member with no join at all (no multicast, no TCP probes), bound to loopback.
 */
public final class ClusterOptions {
  private List<String> members = List.of();
  private String name = "oavc";
  private int port = 5701;
  private String bindInterface = "";
  private String nodeId = defaultNodeId();
  private int heartbeatIntervalSeconds = 1;
  private int maxSilenceSeconds = 5;
  private int claimDelayPerCallMillis = 2;
  private int claimDelayMaxMillis = 200;
  private int drainSeconds = 30;
  private boolean watcher;

  /**
   * Reads CLUSTER_MEMBERS, CLUSTER_NAME, CLUSTER_PORT, CLUSTER_INTERFACE, NODE_ID, the two
   * failure-detection timings, the claim delay and the drain time.
   */
  public static ClusterOptions fromSettings(Settings s) {
    ClusterOptions o = new ClusterOptions();
    List<String> members = s.list("CLUSTER_MEMBERS");
    for (String m : members) {
      requireHostPort(m);
    }
    o.members = List.copyOf(members);
    o.name = s.string("CLUSTER_NAME").trim();
    if (o.name.isEmpty()) {
      throw new ConfigException("CLUSTER_NAME is empty: members join only a cluster of one name");
    }
    o.port = s.integer("CLUSTER_PORT", 1, 65535);
    o.bindInterface = s.string("CLUSTER_INTERFACE").trim();
    o.nodeId = s.optional("NODE_ID").orElse(defaultNodeId());
    o.heartbeatIntervalSeconds = s.integer("CLUSTER_HEARTBEAT_INTERVAL_S", 1, 60);
    o.maxSilenceSeconds = s.integer("CLUSTER_MAX_SILENCE_S", 2, 600);
    if (o.maxSilenceSeconds <= o.heartbeatIntervalSeconds) {
      throw new ConfigException(
          "CLUSTER_MAX_SILENCE_S must be longer than CLUSTER_HEARTBEAT_INTERVAL_S, or every member"
              + " is declared dead between two heartbeats");
    }
    o.claimDelayPerCallMillis = s.integer("CLUSTER_CLAIM_DELAY_PER_CALL_MS", 0, 1000);
    // Below the orphan sweep's settle time (1 s): a NEW still waiting to claim is not an orphan.
    o.claimDelayMaxMillis = s.integer("CLUSTER_CLAIM_DELAY_MAX_MS", 0, 500);
    o.drainSeconds = s.integer("CLUSTER_DRAIN_S", 0, 3600);
    return o;
  }

  /** Host name (its first label) and process id: unique enough for nodes sharing a host. */
  static String defaultNodeId() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "node";
      }
    }
    int dot = host.indexOf('.');
    return (dot > 0 ? host.substring(0, dot) : host) + "-" + ProcessHandle.current().pid();
  }

  private static void requireHostPort(String member) {
    int colon = member.lastIndexOf(':');
    String problem = null;
    if (colon <= 0 || colon == member.length() - 1) {
      problem = "is not host:port";
    } else {
      try {
        int p = Integer.parseInt(member.substring(colon + 1));
        if (p < 1 || p > 65535) {
          problem = "has a port out of 1-65535";
        }
      } catch (NumberFormatException e) {
        problem = "has a port that is not a number";
      }
    }
    if (problem != null) {
      throw new ConfigException("setting CLUSTER_MEMBERS: " + member + " " + problem);
    }
  }

  /** True when no member is listed: this connector is the whole cluster and joins nobody. */
  public boolean alone() {
    return members.isEmpty();
  }

  public List<String> getMembers() {
    return members;
  }

  /** host:port of the members to join (this one may be among them). */
  public ClusterOptions setMembers(List<String> members) {
    this.members = List.copyOf(new ArrayList<>(members));
    return this;
  }

  public String getName() {
    return name;
  }

  public ClusterOptions setName(String name) {
    this.name = name;
    return this;
  }

  public int getPort() {
    return port;
  }

  public ClusterOptions setPort(int port) {
    this.port = port;
    return this;
  }

  /** The address this member binds and is reached on; empty: loopback alone, else any. */
  public String getBindInterface() {
    return bindInterface;
  }

  public ClusterOptions setBindInterface(String bindInterface) {
    this.bindInterface = bindInterface;
    return this;
  }

  public String getNodeId() {
    return nodeId;
  }

  public ClusterOptions setNodeId(String nodeId) {
    this.nodeId = nodeId;
    return this;
  }

  public int getHeartbeatIntervalSeconds() {
    return heartbeatIntervalSeconds;
  }

  public ClusterOptions setHeartbeatIntervalSeconds(int seconds) {
    this.heartbeatIntervalSeconds = seconds;
    return this;
  }

  /** A member silent this long is declared dead (a frozen process; a crashed one goes sooner). */
  public int getMaxSilenceSeconds() {
    return maxSilenceSeconds;
  }

  public ClusterOptions setMaxSilenceSeconds(int seconds) {
    this.maxSilenceSeconds = seconds;
    return this;
  }

  /**
   * How long a NEW waits per call this node already holds before it claims the call: busier nodes
   * claim later and lose the race, which spreads new calls by load.
   */
  public int getClaimDelayPerCallMillis() {
    return claimDelayPerCallMillis;
  }

  public ClusterOptions setClaimDelayPerCallMillis(int millis) {
    this.claimDelayPerCallMillis = millis;
    return this;
  }

  /** The longest a claim waits, however busy the node (the caller hears ringing meanwhile). */
  public int getClaimDelayMaxMillis() {
    return claimDelayMaxMillis;
  }

  public ClusterOptions setClaimDelayMaxMillis(int millis) {
    this.claimDelayMaxMillis = millis;
    return this;
  }

  /** The claim delay of a node that holds {@code activeCalls} calls (none alone). */
  /** How long a drain (POST /drain, a clustered stop) may take to hand the calls over. */
  public int getDrainSeconds() {
    return drainSeconds;
  }

  /**
   * A watcher joins the cluster to read its maps but holds none of their data (a Hazelcast lite
   * member): a tool or a test that looks on without changing where the nodes' data lives, or taking
   * it down with it. Not a setting: a connector node always holds its share.
   */
  public boolean isWatcher() {
    return watcher;
  }

  public ClusterOptions setWatcher(boolean watcher) {
    this.watcher = watcher;
    return this;
  }

  public ClusterOptions setDrainSeconds(int seconds) {
    this.drainSeconds = seconds;
    return this;
  }

  public long claimDelayMillis(int activeCalls) {
    if (alone()) {
      return 0;
    }
    return Math.min((long) claimDelayPerCallMillis * activeCalls, claimDelayMaxMillis);
  }
}
