package org.oavc.connector.cluster.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.oavc.connector.cluster.ClusterMember;
import org.oavc.connector.cluster.ClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hazelcast member embedded beside a plain Vert.x, not a clustered Vert.x: the daemon uses no
 * event bus, so clustering Vert.x would only add an event-bus server and a cluster map of
 * consumers, make every Vert.x start wait for the join, and tie Vert.x's close to the cluster's
 * health. Here the media path never touches Hazelcast, the member starts while the rest of the
 * daemon does, and a later step may still put a {@code HazelcastClusterManager} on this instance.
 */
public final class HazelcastClusterMember implements ClusterMember {
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastClusterMember.class);

  /** Member attribute carrying the NODE_ID, so others can name a Hazelcast member. */
  public static final String NODE_ATTRIBUTE = "oavc.node";

  /** The map of RTP port leases; its backups are synchronous (see {@link HazelcastPortPool}). */
  public static final String LEASES_MAP = "oavc-rtp-leases";

  /** The map of call owners, session key to NODE_ID (see {@link HazelcastCallOwnership}). */
  public static final String OWNERS_MAP = "oavc-call-owners";

  /** The map of live calls' records (see {@link HazelcastCallRecords}). */
  public static final String CALLS_MAP = "oavc-calls";

  /** The topic of drain requests and moved calls (see {@link HazelcastCallHandoffs}). */
  public static final String HANDOFFS_TOPIC = "oavc-handoffs";

  private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
      new java.util.concurrent.atomic.AtomicInteger();

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final String nodeId;
  private final AtomicBoolean left = new AtomicBoolean();

  private HazelcastClusterMember(Vertx vertx, HazelcastInstance hazelcast, String nodeId) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.nodeId = nodeId;
  }

  public static Future<ClusterMember> start(Vertx vertx, ClusterOptions options) {
    return vertx.executeBlocking(
        () -> {
          HazelcastInstance hz = Hazelcast.newHazelcastInstance(config(options));
          LOG.info(
              "cluster {}: node {} is member {} of {}",
              options.getName(),
              options.getNodeId(),
              hz.getCluster().getLocalMember().getAddress(),
              options.alone() ? "none else (alone)" : options.getMembers());
          return new HazelcastClusterMember(vertx, hz, options.getNodeId());
        },
        false);
  }

  /** The member's configuration: everything explicit, nothing discovered on the network. */
  static Config config(ClusterOptions o) {
    Config c = new Config();
    c.setClusterName(o.getName());
    // Unique per process: several members may share one JVM (tests, the bench).
    c.setInstanceName("oavc-" + o.getNodeId() + "-" + INSTANCES.incrementAndGet());
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "slf4j");
    // The daemon leaves the cluster in its own stop(), after its calls.
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    c.setProperty("hazelcast.heartbeat.interval.seconds", "" + o.getHeartbeatIntervalSeconds());
    c.setProperty("hazelcast.max.no.heartbeat.seconds", "" + o.getMaxSilenceSeconds());
    // The listed members are all there is: no 5 s wait for more to appear before the first join.
    c.setProperty("hazelcast.wait.seconds.before.join", "0");
    c.setProperty("hazelcast.graceful.shutdown.max.wait", "30");
    c.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, o.getNodeId());
    c.setLiteMember(o.isWatcher());

    NetworkConfig net = c.getNetworkConfig();
    net.setPort(o.getPort());
    // Alone, the port is only a listener nobody dials: take the next free one rather than fail
    // when another connector of this host holds it. In a cluster the listed port is the port.
    net.setPortAutoIncrement(o.alone());
    String bind = o.getBindInterface().isEmpty() && o.alone() ? "127.0.0.1" : o.getBindInterface();
    if (!bind.isEmpty()) {
      net.getInterfaces().setEnabled(true).addInterface(bind);
      c.setProperty("hazelcast.socket.bind.any", "false");
      c.setProperty("hazelcast.local.localAddress", bind);
    }
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(!o.alone()).setMembers(o.getMembers());

    // One synchronous backup: a lease acknowledged survives the death of any one member.
    c.addMapConfig(new MapConfig(LEASES_MAP).setBackupCount(1).setAsyncBackupCount(0));
    c.addMapConfig(new MapConfig(OWNERS_MAP).setBackupCount(1).setAsyncBackupCount(0));
    c.addMapConfig(new MapConfig(CALLS_MAP).setBackupCount(1).setAsyncBackupCount(0));
    return c;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public Set<String> members() {
    Set<String> ids = new TreeSet<>();
    for (Member m : hazelcast.getCluster().getMembers()) {
      String id = m.getAttribute(NODE_ATTRIBUTE);
      ids.add(id == null ? m.getUuid().toString() : id);
    }
    return ids;
  }

  @Override
  public void onMemberLeft(Handler<String> handler) {
    Context ctx = vertx.getOrCreateContext();
    hazelcast
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent e) {}

              @Override
              public void memberRemoved(MembershipEvent e) {
                String id = e.getMember().getAttribute(NODE_ATTRIBUTE);
                String node = id == null ? e.getMember().getUuid().toString() : id;
                LOG.warn("cluster: member {} left or was declared dead", node);
                ctx.runOnContext(v -> handler.handle(node));
              }
            });
  }

  @Override
  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  @Override
  public Future<Void> leave() {
    if (!left.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(
        () -> {
          hazelcast.shutdown();
          return null;
        },
        false);
  }
}
