package org.oavc.connector.call;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.cluster.ClaimPurpose;
import org.oavc.connector.cluster.ReplicatedDial;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.opensips.UaSessionClientStart;
import org.oavc.connector.opensips.UaSessionEvent;
import org.oavc.connector.sdp.SdpException;
import org.oavc.connector.sdp.SdpNegotiation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls we place (wire samples 17): port, SDP offer, {@code ua_session_client_start}; then the
 * called party's replies as UAC events: EARLY (its early media to the agent when the flavor wants
 * it), ANSWERED (its SDP answer completes our offer; media and agent as for an inbound call),
 * REJECTED (ended with a cause). Our ring timeout CANCELs through {@code ua_session_terminate}. The
 * called party's BYE raises no event at all, so an answered call is watched in its media: an RTCP
 * BYE ends it at once, RTP silence after OUTBOUND_MEDIA_TIMEOUT_MS. Runs on the controller's event
 * loop.
 */
final class OutboundCalls {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");

  /**
   * Replies reported with body and headers; OpenSIPS ACKs the 200 itself (our offer was sent); then
   * t and SESSION_LIMIT_S, as opensips.cfg gives inbound sessions.
   */
  static final String FLAGS = "rbht";

  /** Keys held for dials in flight; more are dropped (an event flood cannot grow memory). */
  private static final int MAX_OVERTAKING = 1024;

  private final Context context;
  private final CallServices s;
  private final CallEnding ending;
  private final OutboundOptions options;
  private final OutboundQueue queue;
  private final OutboundMetrics metrics;
  private final AnsweringMachineCheck amd;

  /** UAC events that overtook the MI reply naming their key, while dials are in flight. */
  private final Map<String, List<UaSessionEvent>> overtaking = new HashMap<>();

  private int dialsInFlight;
  private long mediaTimer = -1;

  OutboundCalls(Context context, CallServices s, CallEnding ending, OutboundOptions options) {
    this.context = context;
    this.s = s;
    this.ending = ending;
    this.options = options;
    this.queue = new OutboundQueue(s.vertx(), options, this::active, this::place);
    this.metrics = new OutboundMetrics(s.metrics().registry(), queue);
    this.amd = new AnsweringMachineCheck(context, s, ending, options.amd());
  }

  void start() {
    long period = Math.max(50, options.mediaTimeout().toMillis() / 4);
    mediaTimer = s.vertx().setPeriodic(period, id -> checkMedia());
  }

  void stop() {
    s.vertx().cancelTimer(mediaTimer);
    queue.refuseAll("the connector is shutting down");
  }

  /** Queued when a limit is reached; the key once OpenSIPS took the request. */
  Future<String> dial(OutboundRequest request, boolean accepting) {
    if (!accepting) {
      metrics.refused("draining");
      return Future.failedFuture(
          new OutboundRefusedException("the connector is shutting down", false));
    }
    return queue
        .submit(request)
        .onFailure(
            e -> {
              if (e instanceof OutboundRefusedException refused) {
                metrics.refused(refused.queueFull() ? "queue_full" : "draining");
              }
            });
  }

  private int active() {
    int live = 0;
    for (Call c : s.registry().liveCalls()) {
      if (c.outbound()) {
        live++;
      }
    }
    return live + dialsInFlight;
  }

  private Future<String> place(OutboundRequest r) {
    dialsInFlight++;
    return here(s.ports().acquire("outbound", true))
        .compose(
            port -> {
              SdpNegotiation offer = s.sdp().offer(port, null);
              UaSessionClientStart start =
                  UaSessionClientStart.of(r.to(), r.from())
                      .withBody(offer.localSdp())
                      .withFlags(FLAGS + options.sessionLimit().toSeconds());
              if (r.extraHeaders() != null) {
                start = start.withExtraHeaders(r.extraHeaders());
              }
              return here(s.mi().uaSessionClientStart(start))
                  .onFailure(e -> s.ports().release(port))
                  .map(
                      key -> {
                        Call call =
                            new Call(
                                key, r.from(), r.to(), r.agentSettings(), s.ownership().nodeId());
                        call.reportUrl(r.reportUrl());
                        call.recordRequested(r.record());
                        call.maxDuration(r.maxDuration());
                        call.amdRequested(r.amd(), r.voicemailMessage());
                        placed(call, port, offer, r);
                        return key;
                      });
            })
        .onComplete(
            ar -> {
              metrics.placed(ar.succeeded() ? "placed" : ar.cause());
              if (ar.failed()) {
                log.warn("DIAL to={} failed: {}", r.to(), ar.cause().getMessage());
              }
              if (--dialsInFlight == 0) {
                overtaking.clear(); // no dial can claim them any more
              }
            });
  }

  /**
   * {@code f}'s outcome on the controller's context: the port pool and the MI client complete on
   * their own loops, and the call, the registry and the dial counters are the controller's alone.
   */
  private <T> Future<T> here(Future<T> f) {
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> context.runOnContext(v -> p.handle(ar)));
    return p.future();
  }

  private void placed(Call call, int port, SdpNegotiation offer, OutboundRequest r) {
    call.attachPort(port);
    call.negotiated(offer);
    s.registry().add(call);
    // The placing node owns the call: in a cluster the others must not answer its in-dialog
    // requests with 481 nor end it in an orphan sweep (released at the end like any call's).
    s.ownership()
        .claim(call.key(), ClaimPurpose.PLACED_CALL)
        .onComplete(
            ar -> {
              if (ar.failed() || !ar.result()) {
                log.warn(
                    "key={} placed call not claimed in the cluster: {}",
                    call.key(),
                    ar.failed() ? ar.cause().getMessage() : "another node owns it");
              }
            });
    log.info(
        "key={} DIAL from={} to={} ring={}s",
        call.key(),
        r.from(),
        r.to(),
        r.ringTimeout().toSeconds());
    call.setupTimerId(s.vertx().setTimer(r.ringTimeout().toMillis(), id -> ringTimeout(call)));
    if (r.maxDuration() != null) {
      s.vertx()
          .setTimer(r.maxDuration().plus(r.ringTimeout()).toMillis(), id -> maxDuration(call, r));
    }
    openMedia(call, port);
    List<UaSessionEvent> early = overtaking.remove(call.key());
    if (early != null) {
      early.forEach(ev -> onReply(call, ev));
    }
  }

  /** A UAC event for a key not known yet: kept while a dial may still name it. */
  boolean holdIfOvertaking(UaSessionEvent ev) {
    if (dialsInFlight == 0 || overtaking.size() >= MAX_OVERTAKING) {
      return false;
    }
    overtaking.computeIfAbsent(ev.key(), k -> new ArrayList<>()).add(ev);
    return true;
  }

  private void openMedia(Call call, int port) {
    Future<MediaSession> opening;
    try {
      opening = s.media().open(call.key(), port, null);
    } catch (RuntimeException e) {
      opening = Future.failedFuture(e);
    }
    call.mediaOpening(opening);
    opening.onComplete(
        ar -> {
          if (ar.failed()) {
            s.metrics().mediaFailed();
            log.error(
                "key={} RTP port {} not bound: {}", call.key(), port, ar.cause().getMessage());
            if (call.state() == CallState.SETTING_UP || call.state() == CallState.ACTIVE) {
              ending.hangup(call, EndCause.SETUP_ERROR);
            }
            return;
          }
          MediaSession media = ar.result();
          if (call.isEnded()) {
            media.close();
            return;
          }
          call.attachMedia(media);
          media.onRemoteGoodbye(() -> context.runOnContext(v -> calleeGone(call, "RTCP BYE")));
          if (call.state() == CallState.ACTIVE || earlyMediaAccepted(call)) {
            media.apply(call.negotiation()); // answered (or early media) while it was binding
            handOver(call);
          }
        });
  }

  /** EARLY, ANSWERED or REJECTED for one of our calls. */
  void onReply(Call call, UaSessionEvent ev) {
    switch (ev.eventType()) {
      case EARLY -> early(call, ev);
      case ANSWERED -> answered(call, ev);
      case REJECTED -> rejected(call, ev);
      default -> log.debug("key={} {} ignored", call.key(), ev.eventType());
    }
  }

  /**
   * 180/183. A 183's SDP (early media: ringback, announcements) goes to the agent only when the
   * call's flavor is one of OUTBOUND_EARLY_MEDIA_FLAVORS; else the call stays silent until the 200.
   */
  private void early(Call call, UaSessionEvent ev) {
    log.info("key={} EARLY {} {}", call.key(), ev.status(), ev.reason());
    if ("INVITE".equals(ev.method()) && call.state() == CallState.SETTING_UP) {
      s.registry().status(call, CallStatus.RINGING);
    }
    String sdp = ev.body();
    if (sdp == null
        || sdp.isBlank()
        || !"INVITE".equals(ev.method())
        || call.state() != CallState.SETTING_UP
        || earlyMediaAccepted(call)
        || !wantsEarlyMedia(call)) {
      return;
    }
    try {
      call.negotiated(s.sdp().acceptAnswer(sdp, call.negotiation()));
    } catch (SdpException e) {
      log.info("key={} early media SDP unusable: {}", call.key(), e.getMessage());
      return;
    }
    log.info(
        "key={} EARLY media to the agent codec={}", call.key(), call.negotiation().codec().name());
    if (call.media() != null) {
      call.media().apply(call.negotiation());
      handOver(call);
    }
  }

  private boolean wantsEarlyMedia(Call call) {
    String flavor = s.agent().flavorBeforeAnswer(call);
    return flavor != null
        && options.earlyMediaFlavors().contains(flavor.toLowerCase(java.util.Locale.ROOT));
  }

  /** Still ringing, with the called party's early SDP in force (our offer has no remote yet). */
  private static boolean earlyMediaAccepted(Call call) {
    return call.state() == CallState.SETTING_UP
        && call.negotiation() != null
        && call.negotiation().remoteRtp() != null;
  }

  private void answered(Call call, UaSessionEvent ev) {
    if (!"INVITE".equals(ev.method()) || call.state() != CallState.SETTING_UP) {
      log.info("key={} ANSWERED {} while {}", call.key(), ev.method(), call.state());
      return; // a 200 that crossed our CANCEL: the terminate under way sends BYE for it
    }
    s.vertx().cancelTimer(call.setupTimerId());
    call.finalStatus(ev.status());
    SdpNegotiation n;
    try {
      n = s.sdp().acceptAnswer(ev.body() == null ? "" : ev.body(), call.negotiation());
    } catch (SdpException e) {
      log.warn(
          "key={} ANSWERED with an unusable SDP answer: {}; hanging up",
          call.key(),
          e.getMessage());
      call.answered();
      s.registry().status(call, CallStatus.ANSWERED);
      ending.hangup(call, EndCause.REJECTED_MEDIA);
      return;
    }
    call.negotiated(n);
    call.answered();
    s.registry().status(call, CallStatus.ANSWERED);
    log.info("key={} ANSWERED codec={} port={}", call.key(), n.codec().name(), call.port());
    if (s.ownership().clustered()) {
      // like an inbound call's: another node carries it on if this one dies
      s.records().put(ReplicatedCalls.of(call, ev.body(), n));
    }
    if (call.media() != null) {
      call.media().apply(n);
      handOver(call);
    }
  }

  private void handOver(Call call) {
    // With detection the agent waits for the answer: a 183's ringback says nothing of who answers.
    boolean ready =
        call.state() == CallState.ACTIVE || (!call.amdRequested() && earlyMediaAccepted(call));
    if (!ready || call.media() == null || call.handedToAgent()) {
      return;
    }
    call.handedToAgent(true);
    s.recordIfWanted(call, false);
    if (call.amdRequested()) {
      amd.run(call, () -> s.agent().answered(call));
    } else {
      s.agent().answered(call);
    }
  }

  private void rejected(Call call, UaSessionEvent ev) {
    if (!"INVITE".equals(ev.method())) {
      return; // a reply to a later request of ours
    }
    if (call.state() != CallState.SETTING_UP) {
      return;
    }
    call.finalStatus(ev.status());
    EndCause cause =
        switch (ev.status()) {
          case 486, 600 -> EndCause.CALLEE_BUSY;
          case 408, 480, 487 -> EndCause.NO_ANSWER;
          default -> EndCause.CALLEE_REJECTED;
        };
    log.info("key={} REJECTED {} {}", call.key(), ev.status(), ev.reason());
    ending.end(call, cause);
    // rejected sessions linger in OpenSIPS (17 #39, #70): remove ours (nothing goes on the wire)
    s.vertx()
        .setTimer(
            Math.max(1, s.policy().rejectCleanupDelay().toMillis()),
            id -> ending.terminate(call.key(), 1));
  }

  private void ringTimeout(Call call) {
    if (call.state() == CallState.SETTING_UP) {
      log.info("key={} NO_ANSWER: giving up (CANCEL)", call.key());
      ending.hangup(call, EndCause.NO_ANSWER);
    }
  }

  private void maxDuration(Call call, OutboundRequest r) {
    if (call.state() == CallState.ACTIVE) {
      long talked = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - call.answeredNanos());
      if (talked >= r.maxDuration().toSeconds()) {
        log.info("key={} MAX_DURATION {} s: hanging up", call.key(), r.maxDuration().toSeconds());
        ending.hangup(call, EndCause.MAX_DURATION);
      } else {
        long left = r.maxDuration().toMillis() - TimeUnit.SECONDS.toMillis(talked);
        s.vertx().setTimer(Math.max(1, left), id -> maxDuration(call, r));
      }
    }
  }

  /**
   * A placed call carried on here from another node, its media open: its RTCP BYE and its request's
   * max duration end it as they would have there (RTP silence is watched for every placed call).
   */
  void resumed(Call call) {
    call.media().onRemoteGoodbye(() -> context.runOnContext(v -> calleeGone(call, "RTCP BYE")));
    ReplicatedDial dial = call.resumedFrom() == null ? null : call.resumedFrom().dial();
    if (dial != null && dial.hangUpAtMillis() > 0) {
      long left = dial.hangUpAtMillis() - System.currentTimeMillis();
      s.vertx()
          .setTimer(
              Math.max(1, left),
              id -> {
                if (call.state() == CallState.ACTIVE) {
                  log.info("key={} MAX_DURATION reached: hanging up", call.key());
                  ending.hangup(call, EndCause.MAX_DURATION);
                }
              });
    }
  }

  /** The called party is gone: OpenSIPS answered its BYE silently; our terminate ends the rest. */
  private void calleeGone(Call call, String why) {
    if (call.state() == CallState.ACTIVE) {
      log.info("key={} CALLEE_HANGUP seen in the media: {}", call.key(), why);
      ending.hangup(call, EndCause.CALLEE_HANGUP);
    }
  }

  private void checkMedia() {
    long now = System.nanoTime();
    long limit = options.mediaTimeout().toNanos();
    for (Call call : new ArrayList<>(s.registry().liveCalls())) {
      MediaSession media = call.media();
      if (!call.outbound() || call.state() != CallState.ACTIVE || media == null) {
        continue;
      }
      if (call.callerHolds()) {
        continue; // on hold the far end may send nothing: RTP_HOLD_TIMEOUT_S watches it instead
      }
      long last =
          Math.max(
              media.lastPacketNanos(), Math.max(call.answeredNanos(), call.mediaChangedNanos()));
      if (now - last > limit) {
        calleeGone(call, "no RTP for " + TimeUnit.NANOSECONDS.toMillis(now - last) + " ms");
      }
    }
  }
}
