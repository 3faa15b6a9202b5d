package org.oavc.connector.call;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.oavc.connector.cluster.ClusterOptions;
import org.oavc.connector.media.MediaSessionFactory;
import org.oavc.connector.media.port.PortPool;
import org.oavc.connector.opensips.MiClient;
import org.oavc.connector.opensips.UaSessionEvent;
import org.oavc.connector.opensips.UaSessionReply;
import org.oavc.connector.recording.CallRecordings;
import org.oavc.connector.sdp.SdpAnswerer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of every UA session: E_UA_SESSION events in, MI actions out. Runs on one event
 * loop (the context it was created on); calls from other threads hop onto it.
 */
public final class CallController {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");

  private final Context context;
  private final CallServices s;
  private final CallClaims claims;
  private final CallEnding ending;
  private final CallSetup setup;
  private final InDialogHandler inDialog;
  private final Reconciler reconciler;
  private final OrphanSessions orphans;
  private OutboundOptions outboundOptions = OutboundOptions.defaults();
  private OutboundCalls outbound;
  private final CallTakeover takeover;
  private final CallHandover handover;
  private volatile boolean accepting = true;

  public CallController(
      Vertx vertx,
      MiClient mi,
      PortPool ports,
      MediaSessionFactory media,
      SdpAnswerer sdp,
      CallRegistry registry,
      CallPolicy policy,
      MeterRegistry meters) {
    this(
        vertx,
        mi,
        ports,
        media,
        sdp,
        registry,
        policy,
        meters,
        CallAgent.NONE,
        MediaBridge.NONE,
        CallClustering.alone(new ClusterOptions().getNodeId()),
        CallRecordings.NONE);
  }

  /**
   * A controller whose answered calls are handed to {@code agent} (the AI side), every offer and
   * answer passing through {@code bridge} (WebRTC callers; {@link MediaBridge#NONE}: none). In a
   * cluster it answers only the calls whose claim it wins, after the load delay, and replicates
   * them; alone ({@link CallClustering#alone}) it wins every claim at once.
   */
  public CallController(
      Vertx vertx,
      MiClient mi,
      PortPool ports,
      MediaSessionFactory media,
      SdpAnswerer sdp,
      CallRegistry registry,
      CallPolicy policy,
      MeterRegistry meters,
      CallAgent agent,
      MediaBridge bridge,
      CallClustering clustering,
      CallRecordings recordings) {
    this.context = vertx.getOrCreateContext();
    this.s =
        new CallServices(
            vertx,
            mi,
            ports,
            media,
            sdp,
            registry,
            policy,
            new CallMetrics(meters, registry),
            agent,
            bridge,
            clustering,
            recordings);
    this.claims = new CallClaims(s);
    this.ending = new CallEnding(s);
    this.setup = new CallSetup(s, ending);
    this.inDialog = new InDialogHandler(s, ending);
    this.reconciler = new Reconciler(s, ending);
    this.orphans = new OrphanSessions(s, ending);
    this.takeover = new CallTakeover(s, ending, claims, call -> outboundCalls().resumed(call));
    this.handover = new CallHandover(s, ending, claims);
  }

  /** Places calls with these options instead of the shipped defaults; before {@link #start()}. */
  public CallController outbound(OutboundOptions options) {
    this.outboundOptions = options;
    return this;
  }

  public OutboundOptions outboundOptions() {
    return outboundOptions;
  }

  /** Made on first use, so that the options set after construction are the ones in force. */
  private OutboundCalls outboundCalls() {
    if (outbound == null) {
      outbound = new OutboundCalls(context, s, ending, outboundOptions);
    }
    return outbound;
  }

  /** Starts the periodic checks (OpenSIPS reconciliation, RTP inactivity). */
  public void start() {
    context.runOnContext(
        v -> {
          reconciler.start();
          outboundCalls().start();
          handover.start();
          s.handoffs()
              .onTakeCallsAsked(
                  node -> {
                    if (!handover.handingOver()) {
                      takeover.takeOverCallsOfDraining(node);
                    }
                  });
        });
  }

  public CallRegistry registry() {
    return s.registry();
  }

  public boolean isAccepting() {
    return accepting;
  }

  /** Entry point for every event from the listener. */
  public void handle(UaSessionEvent ev) {
    if (Vertx.currentContext() != context) {
      context.runOnContext(v -> handle(ev));
      return;
    }
    Future<Boolean> claiming = claims.inFlight(ev.key());
    if (claiming != null && ev.eventType() != UaSessionEvent.Type.NEW) {
      claiming.onComplete(ar -> handle(ev)); // in order, once the claim has settled
      return;
    }
    switch (ev.eventType()) {
      case NEW -> onNew(ev);
      case UPDATED -> onUpdated(ev);
      case TERMINATED -> onTerminated(ev);
      case EARLY, ANSWERED, REJECTED -> onReply(ev);
    }
  }

  private void onNew(UaSessionEvent ev) {
    String key = ev.key();
    if (s.registry().get(key) != null || claims.inFlight(key) != null || claims.isForeign(key)) {
      s.metrics().duplicateNew();
      log.warn("key={} duplicate NEW ignored", key);
      return;
    }
    Future<Boolean> claim = claims.claimNew(key);
    if (claim.isComplete()) {
      if (claim.result()) {
        onOwnNew(ev); // alone: at once, on this very event
      }
      return;
    }
    claim.onSuccess(
        won -> {
          if (won) {
            onOwnNew(ev);
          }
        });
  }

  /** A NEW this node owns: the call is set up here. */
  private void onOwnNew(UaSessionEvent ev) {
    Call call = new Call(ev, s.ownership().nodeId());
    s.registry().add(call);
    s.registry().status(call, CallStatus.RINGING);
    if (!accepting) {
      setup.logNew(call);
      ending.reject(call, 503, SipStatus.reason(503), true, EndCause.REJECTED_DRAINING);
      return;
    }
    setup.start(call, ev);
    setup.logNew(call); // unless the set-up already did (200 sent, or rejected at once)
  }

  private void onUpdated(UaSessionEvent ev) {
    Call call = s.registry().get(ev.key());
    if (call == null) {
      // Another node's call is not unknown: its owner answers it, a 481 from here would end it.
      if (!"ACK".equals(ev.method()) && !claims.isForeign(ev.key())) {
        claims.answerUnknown(ev.key(), () -> reply481(ev));
      }
      return;
    }
    inDialog.handle(call, ev);
  }

  private void reply481(UaSessionEvent ev) {
    s.metrics().unknownKey(ev.method());
    log.info("key={} {} for an unknown session: 481", ev.key(), ev.method());
    s.mi()
        .uaSessionReply(UaSessionReply.of(ev.key(), ev.method(), 481, SipStatus.reason(481)))
        .onFailure(e -> log.debug("key={} 481 not sent: {}", ev.key(), e.getMessage()));
  }

  private void onTerminated(UaSessionEvent ev) {
    Call call = s.registry().get(ev.key());
    boolean cancel = "CANCEL".equals(ev.method());
    if (call == null) {
      boolean foreign = claims.isForeign(ev.key());
      claims.forget(ev.key()); // the session is over, whoever owned it
      if (cancel && !foreign) {
        // No record (e.g. its NEW was lost): still close the INVITE, or the caller waits forever.
        claims.answerUnknown(
            ev.key(),
            () ->
                s.mi()
                    .uaSessionReply(
                        UaSessionReply.of(ev.key(), "INVITE", 487, SipStatus.reason(487)))
                    .compose(v -> ending.terminate(ev.key(), 1))
                    .onFailure(
                        e -> log.debug("key={} 487 not sent: {}", ev.key(), e.getMessage())));
      }
      return;
    }
    if (!cancel) {
      // OpenSIPS answered the BYE and dropped the session. For a placed call the far end is the
      // called party: 17-outbound saw no event for its BYE, a real OpenSIPS 3.4.18 raises one for
      // baresip's; either way it is the callee's hang-up.
      EndCause cause = call.outbound() ? EndCause.CALLEE_HANGUP : EndCause.CALLER_BYE;
      log.info("key={} TERMINATED by the far end's {}: {}", call.key(), ev.method(), cause);
      ending.end(call, cause);
      return;
    }
    if (call.state() == CallState.SETTING_UP) {
      log.info("key={} CANCEL before answer: 487", call.key());
      ending.reject(call, 487, SipStatus.reason(487), false, EndCause.CALLER_CANCEL);
    } else {
      // Our 200 crossed the CANCEL and won (RFC 3261 9.2): end the dialog it created.
      log.info("key={} CANCEL crossed our 200: hanging up", call.key());
      ending.hangup(call, EndCause.CALLER_CANCEL);
    }
  }

  private void onReply(UaSessionEvent ev) {
    Call call = s.registry().get(ev.key());
    if (call == null) {
      outboundCalls().holdIfOvertaking(ev);
      return;
    }
    if (call.reofferPending()
        && "INVITE".equals(ev.method())
        && ev.eventType() != UaSessionEvent.Type.EARLY) {
      takeover.reofferAnswered(call, ev);
      return;
    }
    if (call.outbound()) {
      outboundCalls().onReply(call, ev);
      return;
    }
    log.info(
        "key={} {} {} {} to our {}",
        call.key(),
        ev.eventType(),
        ev.status(),
        ev.reason(),
        ev.method());
  }

  /** Connector-side hang-up (API, CLI, AI). Fails with NoSuchElementException for unknown keys. */
  public Future<Void> hangup(String key) {
    return hangup(key, EndCause.HANGUP);
  }

  /** {@link #hangup(String)} recording why (the AI side: TRANSFERRED, AI_FAILED). */
  public Future<Void> hangup(String key, EndCause cause) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          Call call = s.registry().get(key);
          if (call == null || call.state() == CallState.ENDING || call.isEnded()) {
            done.fail(new NoSuchElementException("no live call " + key));
          } else if (call.state() == CallState.SETTING_UP && !call.outbound()) {
            ending.reject(call, 480, SipStatus.reason(480), false, cause).onComplete(done);
          } else {
            log.info("key={} HANGUP requested ({})", key, cause);
            ending.hangup(call, cause).onComplete(done);
          }
        });
    return done.future();
  }

  /**
   * Records the live call {@code key} from now on (its bot config asked for it after the answer);
   * nothing when it ended or already records.
   */
  public void record(String key) {
    context.runOnContext(
        v -> {
          Call call = s.registry().get(key);
          if (call != null && call.state() == CallState.ACTIVE) {
            s.recordIfWanted(call, true);
          }
        });
  }

  /**
   * Places a call (POST /calls). Completes with its key once OpenSIPS took the request, after a
   * wait in the queue when a limit is reached; fails with {@link OutboundRefusedException} (queue
   * full, shutting down), {@code MiException} (OpenSIPS refused or did not answer) or {@code
   * PortsExhaustedException}.
   */
  public Future<String> dial(OutboundRequest request) {
    Promise<String> done = Promise.promise();
    context.runOnContext(v -> outboundCalls().dial(request, accepting).onComplete(done));
    return done.future();
  }

  /**
   * A cluster member is gone: races the survivors for each call it owned and carries on those won
   * here. Completes once each was tried; never fails.
   */
  public Future<Void> takeOverCallsOf(String deadNode) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v ->
            takeover
                .takeOverCallsOf(deadNode)
                .otherwise(
                    e -> {
                      log.warn("cluster: calls of {} not taken over: {}", deadNode, e.toString());
                      return null;
                    })
                .onComplete(done));
    return done.future();
  }

  /**
   * Hands this node's calls to the other nodes within {@code within} (before a restart): each is
   * re-INVITEd to the node that takes it, then let go here without SIP. New calls go to the other
   * nodes meanwhile, and after, until {@link #takeNewCalls()}. Fails with IllegalStateException
   * when no other node is a member.
   */
  public Future<HandoverReport> handOverCalls(Duration within) {
    Promise<HandoverReport> done = Promise.promise();
    context.runOnContext(v -> handover.handOver(within).onComplete(done));
    return done.future();
  }

  /** {@link #handOverCalls(Duration)} within CLUSTER_DRAIN_S. */
  public Future<HandoverReport> handOverCalls() {
    return handOverCalls(Duration.ofSeconds(s.cluster().getDrainSeconds()));
  }

  /** Takes new calls again after a drain. */
  public void takeNewCalls() {
    context.runOnContext(v -> handover.stop());
  }

  public boolean isHandingOver() {
    return handover.handingOver();
  }

  /**
   * This node stood still past the cluster's failure detection: the others have taken its calls
   * over (or ended them). Each is given up here without SIP (media and AI stop), so the caller
   * never gets two streams. Completes with the number given up.
   */
  public Future<Integer> surrenderAll() {
    Promise<Integer> done = Promise.promise();
    context.runOnContext(
        v -> {
          int n = 0;
          for (Call call : new ArrayList<>(s.registry().liveCalls())) {
            if (call.state() == CallState.ACTIVE || call.state() == CallState.ANSWERING) {
              ending.surrender(call, "another node");
              n++;
            }
          }
          done.complete(n);
        });
    return done.future();
  }

  /** Checks every local call against OpenSIPS now (after a restart, say). */
  public Future<Void> reconcileNow() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> reconciler.reconcile().onComplete(done));
    return done.future();
  }

  /**
   * Ends the OpenSIPS sessions no call of ours stands for (after a start or an OpenSIPS restart):
   * those of {@code journalKeys} (a previous run's calls) and any the keyless list shows. Completes
   * with the journal keys OpenSIPS answered for (ended, or gone already); never fails.
   */
  public Future<Set<String>> endOrphans(Collection<String> journalKeys) {
    Promise<Set<String>> done = Promise.promise();
    context.runOnContext(
        v -> orphans.sweep(journalKeys).map(o -> o.settledKeys()).onComplete(done));
    return done.future();
  }

  /**
   * Graceful shutdown: new calls get 503, live ones may finish within {@code grace}; the rest are
   * hung up. Completes when no call holds a port any more.
   */
  public Future<Void> drain(Duration grace) {
    accepting = false;
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + grace.toNanos();
    context.runOnContext(v -> awaitDrained(deadline, done));
    return done.future();
  }

  private void awaitDrained(long deadline, Promise<Void> done) {
    if (s.registry().activeCount() == 0) {
      reconciler.stop();
      outboundCalls().stop();
      done.tryComplete();
      return;
    }
    if (System.nanoTime() < deadline) {
      s.vertx().setTimer(100, id -> awaitDrained(deadline, done));
      return;
    }
    List<Future<Void>> hangups = new ArrayList<>();
    for (Call call : new ArrayList<>(s.registry().liveCalls())) {
      if (call.state() == CallState.SETTING_UP && !call.outbound()) {
        hangups.add(ending.reject(call, 503, SipStatus.reason(503), true, EndCause.SHUTDOWN));
      } else if (call.state() != CallState.ENDING) {
        hangups.add(ending.hangup(call, EndCause.SHUTDOWN));
      }
    }
    log.info("drain: grace over, hanging up {} call(s)", hangups.size());
    Future.join(hangups)
        .onComplete(
            ar -> {
              // Anything still listed (an MI call that never returned) is released locally.
              new ArrayList<>(s.registry().liveCalls())
                  .forEach(c -> ending.end(c, EndCause.SHUTDOWN));
              reconciler.stop();
              outboundCalls().stop();
              done.tryComplete();
            });
  }
}
