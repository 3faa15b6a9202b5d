package org.oavc.connector.ai.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCall;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiUnavailableException;
import org.oavc.connector.ai.EarlierTurn;
import org.oavc.connector.ai.Speaker;
import org.oavc.connector.ai.TurnTimings;
import org.oavc.connector.ai.echo.EchoFlavor;
import org.oavc.connector.ai.guard.BargeInDetector;
import org.oavc.connector.ai.guard.EchoGuard;
import org.oavc.connector.ai.guard.GuardOptions;
import org.oavc.connector.ai.guard.Guards;
import org.oavc.connector.ai.tools.CallActions;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.media.dtmf.DtmfDigit;
import org.oavc.connector.opensips.UaSessionUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge of one call between its media session and its AI session (caller audio through the
 * echo guard and barge-in detector, key presses as text, agent audio to RTP), keeps the agent's
 * audio timeline, and carries out what the session asks through {@link AiCall}. Everything runs on
 * {@link #context()}; callbacks from the media engine hop there first.
 */
public final class AiBridge implements AiCall, CallActions {
  private static final Logger log = LoggerFactory.getLogger("oavc.ai");

  /** Agent audio handed to us before the media is attached (probe before the answer). */
  private static final int MAX_PENDING_FRAMES = 500;

  private final BridgeServices s;
  private final Context context;
  private final AiCallInfo info;
  private AgentProfile profile;
  private final Transcript transcript;
  private final List<short[]> pending = new ArrayList<>();
  private AiSession session;
  private AgentPlayout playout;
  private MediaSession media;
  private EchoGuard echoGuard = EchoGuard.disabled();
  private BargeInDetector bargeIn;
  private long answerMark;
  private int frameMillis = 20;
  private boolean ending;
  private boolean fallbackTaken;

  /** The current session's start completed: only then does it get the caller's audio. */
  private boolean sessionLive;

  private boolean closed;
  private List<EarlierTurn> earlierTurns = List.of();

  AiBridge(
      BridgeServices services,
      Context context,
      AiCallInfo info,
      AgentProfile profile,
      Transcript transcript) {
    this.s = services;
    this.context = context;
    this.info = info;
    this.profile = profile;
    this.transcript = transcript;
  }

  /** The conversation a dead node's session had, for the sessions started here. */
  AiBridge carryOn(List<EarlierTurn> turns) {
    this.earlierTurns = List.copyOf(turns);
    return this;
  }

  @Override
  public List<EarlierTurn> earlierTurns() {
    return earlierTurns;
  }

  /** Starts {@code next} on this call (first session or a fallback flavor), bounded in time. */
  Future<Void> startSession(AiSession next, AgentProfile nextProfile) {
    if (closed) {
      next.close(); // the call ended first: never leave a session connected
      return Future.failedFuture(new AiUnavailableException("the call has ended"));
    }
    this.session = next;
    this.sessionLive = false;
    this.profile = nextProfile;
    resumeHeldPlayout();
    this.playout = new AgentPlayout(next.sampleRate(), s.settings().limits().playoutMaxMillis());
    if (media != null) {
      attachMedia(media);
    }
    Promise<Void> started = Promise.promise();
    long timer =
        s.vertx()
            .setTimer(
                s.settings().connectTimeoutMillis(),
                id ->
                    started.tryFail(
                        new AiUnavailableException(
                            "no answer from the "
                                + profile.flavor()
                                + " back end within "
                                + s.settings().connectTimeoutMillis()
                                + " ms")));
    Future<Void> f;
    try {
      f = next.start(this);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    // back on our context whichever thread the session completes its start on
    f.onComplete(
        ar ->
            context.runOnContext(
                v -> {
                  s.vertx().cancelTimer(timer);
                  if (closed && session != next) {
                    next.close();
                  }
                  if (ar.succeeded() && started.tryComplete()) {
                    sessionLive = session == next;
                  } else if (ar.failed()) {
                    started.tryFail(ar.cause());
                  }
                }));
    return started.future();
  }

  /**
   * The call is answered and its media open: audio flows from now on, one frame per packet time.
   */
  void attachMedia(MediaSession m, int packetMillis) {
    this.frameMillis = packetMillis > 0 ? packetMillis : 20;
    attachMedia(m);
  }

  void attachMedia(MediaSession m) {
    this.media = m;
    if (session == null || closed) {
      return;
    }
    int rate = session.sampleRate();
    GuardOptions g =
        new GuardOptions()
            .setSampleRate(rate)
            .setFrameMillis(frameMillis)
            .setMinSpeechMillis(s.settings().bargeInMinSpeechMillis());
    // The echo flavor's whole point is to hear the line return our audio (its round-trip meter
    // pairs what we sent with what comes back), so the guard must not remove that echo.
    boolean guard = s.settings().echoGuard() && !EchoFlavor.FLAVOR.equals(profile.flavor());
    echoGuard = guard ? Guards.echoGuard(g) : EchoGuard.disabled();
    bargeIn = Guards.bargeInDetector(g.setOnsetMillis(s.settings().bargeInOnsetMillis()));
    playout.attach(m);
    // A frame already queued when a fallback session with another rate takes over arrives at
    // the old rate; it is dropped (r is the rate the frame was made for).
    m.onAudio(rate, (pcm, r) -> context.runOnContext(v -> onCallerFrame(pcm, r)));
    m.onPlayout(
        rate,
        (pcm, r) ->
            context.runOnContext(
                v -> {
                  if (!closed && session != null && r == session.sampleRate()) {
                    echoGuard.farEnd(pcm);
                  }
                }));
    m.onDtmf(d -> context.runOnContext(v -> onDigit(d)));
    pending.forEach(this::queue);
    pending.clear();
  }

  private void onCallerFrame(short[] pcm, int rate) {
    if (closed || session == null || !sessionLive || rate != session.sampleRate()) {
      return;
    }
    short[] guarded = echoGuard.nearEnd(pcm);
    boolean agentPlaying = playout.playing();
    if (bargeIn.onFrame(guarded, agentPlaying) && agentPlaying && session != null) {
      long heard = Math.max(0, playout.playedMillis() - answerMark); // paused time not counted
      playout.flush();
      playout.resume(); // the queue is empty: the next answer plays at once
      s.metrics().bargeIn(profile.flavor());
      transcript.markLastAgentTurnInterrupted();
      log.info(
          "key={} barge-in: caller spoke over the agent after {} ms of its answer",
          info.key(),
          heard);
      session.onBargeIn(heard);
    } else {
      holdOnOnset(agentPlaying && bargeIn.onset());
    }
    AiSession current = session; // onBargeIn may have failed the session
    if (!closed && current != null) {
      current.onCallerAudio(guarded);
    }
  }

  /**
   * Barge-in stage one: caller speech has just started over the agent, so its playout pauses (the
   * caller hears silence within a frame) while the detector waits for enough speech to confirm.
   * Speech that stops first was a false start: the agent resumes where it paused.
   */
  private void holdOnOnset(boolean onset) {
    if (onset && !playout.paused()) {
      playout.pause();
      s.metrics().bargeInOnset(profile.flavor());
    } else if (!onset && playout.paused()) {
      boolean held = playout.playing();
      playout.resume();
      if (held) {
        s.metrics().bargeInFalseStart(profile.flavor());
        log.debug(
            "key={} barge-in false start: the caller stopped before {} ms, the agent resumes",
            info.key(),
            s.settings().bargeInMinSpeechMillis());
      }
    }
  }

  /** The agent's audio is replaced or the call ends: whatever was held must not stay paused. */
  private void resumeHeldPlayout() {
    if (playout != null) {
      playout.resume();
    }
  }

  private void onDigit(DtmfDigit d) {
    String template = s.settings().dtmfText();
    if (closed || session == null || !sessionLive || template.isEmpty() || d.digit() == 0) {
      return;
    }
    session.onCallerText(String.format(template, d.digit()));
  }

  // --- AiCall

  @Override
  public AiCallInfo info() {
    return info;
  }

  @Override
  public AgentProfile profile() {
    return profile;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public void play(short[] pcm) {
    if (closed || pcm == null) {
      return;
    }
    if (media == null) {
      if (pending.size() < MAX_PENDING_FRAMES) {
        pending.add(pcm);
      } else {
        s.metrics().playoutOverflow(profile.flavor());
      }
      return;
    }
    if (!playout.playing()) {
      answerMark = playout.queuedMillis(); // a new answer starts here
    }
    queue(pcm);
  }

  private void queue(short[] pcm) {
    if (!playout.play(pcm)) {
      s.metrics().playoutOverflow(profile.flavor());
    }
  }

  @Override
  public long queuedMillis() {
    return playout == null ? 0 : playout.queuedMillis();
  }

  @Override
  public long playedMillis() {
    return playout == null ? 0 : playout.playedMillis();
  }

  @Override
  public boolean playing() {
    return playout != null && playout.playing();
  }

  @Override
  public void stopPlayback() {
    pending.clear();
    if (playout != null) {
      playout.flush();
      playout.resume(); // what the session plays next is its new answer
    }
  }

  @Override
  public void transcript(Speaker speaker, String text, boolean interrupted) {
    transcript.add(speaker, text, interrupted);
  }

  @Override
  public Future<JsonObject> invokeTool(String name, JsonObject arguments) {
    log.info("key={} tool {} {}", info.key(), name, arguments == null ? "{}" : arguments.encode());
    return s.tools().invoke(name, arguments, profile.tools(), this);
  }

  @Override
  public void turnTimings(TurnTimings timings) {
    s.metrics().turn(timings);
  }

  @Override
  public void failed(Throwable cause) {
    if (closed || ending) {
      return;
    }
    log.warn(
        "key={} AI session ({}) failed mid-call: {}",
        info.key(),
        profile.flavor(),
        cause.toString());
    s.metrics().session(profile.flavor(), "failed_midcall");
    AiSession dead = session;
    session = null;
    if (dead != null) {
      dead.close();
    }
    Fallbacks.apply(s, this, s.settings().fallback());
  }

  // --- CallActions (built-in tools)

  @Override
  public Future<Void> hangUpAfterPlayout() {
    return endAfterPlayout(EndCause.HANGUP);
  }

  /** Hangs up with {@code cause} once the queued audio is out (checked as it drains). */
  Future<Void> endAfterPlayout(EndCause cause) {
    ending = true;
    Promise<Void> done = Promise.promise();
    awaitPlayedOut(cause, done, System.nanoTime() + 60_000_000_000L);
    return done.future();
  }

  private void awaitPlayedOut(EndCause cause, Promise<Void> done, long deadlineNanos) {
    long remaining = playout == null ? 0 : playout.remainingMillis();
    if (closed || remaining <= 0 || System.nanoTime() > deadlineNanos) {
      // a little tail so the last packet's audio leaves the caller's jitter buffer
      s.vertx()
          .setTimer(
              100,
              id -> {
                sessionBeforeHangUp();
                s.hangup().hangup(info.key(), cause).onComplete(done);
              });
      return;
    }
    s.vertx().setTimer(Math.max(20, remaining), id -> awaitPlayedOut(cause, done, deadlineNanos));
  }

  @Override
  public Future<Void> transfer(String uri) {
    ending = true;
    log.info("key={} transfer to {}", info.key(), uri);
    // composed so that a synchronous throw (bad URI, no MI) becomes a failed transfer too
    return Future.<Void>succeededFuture()
        .compose(x -> s.mi().uaSessionUpdate(UaSessionUpdate.refer(info.key(), uri, null)))
        .compose(v -> s.hangup().hangup(info.key(), EndCause.TRANSFERRED))
        .onFailure(e -> ending = false);
  }

  /** The call-end summary is taken as the call ends: the session's held-back turn goes in first. */
  private void sessionBeforeHangUp() {
    AiSession current = session;
    if (current != null && !closed) {
      try {
        current.beforeHangUp();
      } catch (RuntimeException e) {
        log.warn(
            "key={} AI session failed to wrap up before the hang-up: {}", info.key(), e.toString());
      }
    }
  }

  @Override
  public boolean sendDtmf(char digit) {
    return media != null && media.sendDtmf(digit);
  }

  // --- lifecycle

  /** The apology (failure at start or the fallback), then a hang-up with AI_FAILED. */
  void apologizeAndHangUp() {
    session = null;
    s.apology()
        .pcm()
        .onComplete(
            ar -> {
              if (closed) {
                return;
              }
              if (ar.succeeded() && media != null) {
                resumeHeldPlayout();
                // the apology is ours and short: it plays whole whatever the bound
                int bound =
                    (int)
                        Math.max(
                            s.settings().limits().playoutMaxMillis(),
                            s.apology().durationMillis() + 1000);
                playout = new AgentPlayout(s.apology().sampleRate(), bound);
                playout.attach(media);
                playout.play(ar.result());
              }
              endAfterPlayout(EndCause.AI_FAILED);
            });
  }

  /** True the first time only: a fallback flavor that fails too ends in the apology. */
  boolean takeFallbackFlavor() {
    boolean first = !fallbackTaken;
    fallbackTaken = true;
    return first;
  }

  AiSession session() {
    return session;
  }

  boolean closed() {
    return closed;
  }

  /** Closes the session and detaches from the media; idempotent. */
  Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    pending.clear();
    resumeHeldPlayout();
    MediaSession m = media;
    if (m != null) {
      m.onAudio(0, null);
      m.onPlayout(0, null);
      m.onDtmf(null);
    }
    AiSession sess = session;
    session = null;
    return sess == null ? Future.succeededFuture() : sess.close().otherwiseEmpty();
  }
}
