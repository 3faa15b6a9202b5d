package org.oavc.connector.cluster.impl;

import com.hazelcast.topic.ITopic;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.io.Serializable;
import org.oavc.connector.cluster.CallHandoffs;
import org.oavc.connector.cluster.CallMove;
import org.oavc.connector.cluster.ClusterMember;

/**
 * Handoff messages on the topic {@value HazelcastClusterMember#HANDOFFS_TOPIC}. A lost message
 * costs no call: a draining node asks again until its calls are gone or its time is up, and a call
 * whose "moved" never arrives is given up by the old node's reconciliation (the owner map says
 * another node has it).
 */
public final class HazelcastCallHandoffs implements CallHandoffs {
  private final Vertx vertx;
  private final ClusterMember member;
  private final ITopic<HandoffMessage> topic;

  /** One message type for both kinds, so one listener per handler suffices. */
  record HandoffMessage(String drainingNode, CallMove move) implements Serializable {}

  public HazelcastCallHandoffs(Vertx vertx, ClusterMember member) {
    this.vertx = vertx;
    this.member = member;
    this.topic = member.hazelcast().getTopic(HazelcastClusterMember.HANDOFFS_TOPIC);
  }

  @Override
  public int otherNodes() {
    return member.members().size() - 1;
  }

  @Override
  public Future<Void> askToTakeCallsOf(String nodeId) {
    return publish(new HandoffMessage(nodeId, null));
  }

  @Override
  public Future<Void> tellMoved(CallMove move) {
    return publish(new HandoffMessage(null, move));
  }

  private Future<Void> publish(HandoffMessage message) {
    return HazelcastCalls.call(vertx.getOrCreateContext(), () -> topic.publishAsync(message));
  }

  @Override
  public void onTakeCallsAsked(Handler<String> handler) {
    Context ctx = vertx.getOrCreateContext();
    String me = member.nodeId();
    topic.addMessageListener(
        m -> {
          String node = m.getMessageObject().drainingNode();
          if (node != null && !node.equals(me)) {
            ctx.runOnContext(v -> handler.handle(node));
          }
        });
  }

  @Override
  public void onMoved(Handler<CallMove> handler) {
    Context ctx = vertx.getOrCreateContext();
    topic.addMessageListener(
        m -> {
          CallMove move = m.getMessageObject().move();
          if (move != null) {
            ctx.runOnContext(v -> handler.handle(move));
          }
        });
  }
}
