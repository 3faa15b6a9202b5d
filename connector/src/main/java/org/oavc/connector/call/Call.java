package org.oavc.connector.call;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.oavc.connector.cluster.ReplicatedCall;
import org.oavc.connector.cluster.ReplicatedDial;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.media.session.MediaQuality;
import org.oavc.connector.opensips.SipHeaders;
import org.oavc.connector.opensips.UaSessionEvent;
import org.oavc.connector.sdp.MediaDirection;
import org.oavc.connector.sdp.SdpNegotiation;

/**
 * One UA session as the connector sees it. Mutated only on the call controller's event loop; other
 * threads read {@link #view()} snapshots. Resources (port, media) are attached as they are acquired
 * so that every ending path can release exactly what is held.
 */
public final class Call {
  private final String key;
  private final String callId;
  private final String from;
  private final String to;
  private final String inviteHeaders;
  private final String offerSdp;
  private volatile java.net.URI reportUrl;
  private volatile Boolean recordRequested;
  private volatile org.oavc.connector.amd.AmdResult amd;
  private volatile boolean amdRequested;
  private final java.util.EnumSet<CallStatus> statusesTold =
      java.util.EnumSet.noneOf(CallStatus.class);
  private volatile String voicemailMessage;
  private volatile String recording;
  private volatile java.time.Duration maxDuration;

  /** Placed by us (POST /calls): OpenSIPS is the caller, the called party answers or not. */
  private final boolean outbound;

  /** Outbound: the request's agent fields (flavor, instructions...) over the bot config's. */
  private final io.vertx.core.json.JsonObject agentSettings;

  private final String owner;
  private final ReplicatedCall resumedFrom;
  private final Instant createdAt = Instant.now();
  private final long createdNanos = System.nanoTime();

  private CallState state = CallState.SETTING_UP;
  private EndCause endCause;
  private int finalStatus;
  private Instant answeredAt;
  private long answeredNanos;
  private Instant endedAt;
  private Integer port;
  private volatile MediaSession media;
  private volatile MediaQuality lastQuality;
  private SdpNegotiation negotiation;
  private long mediaChangedNanos;
  private long setupTimerId = -1;
  private Future<MediaSession> mediaOpening;
  private boolean handedToAgent;
  private boolean reofferPending;
  private boolean logged;
  private List<Runnable> untilAnswerSettled;
  private volatile CallView view;

  /**
   * A call taken over from a dead node: no INVITE here, what is known comes from its replicated
   * record (offer, conversation so far).
   */
  Call(ReplicatedCall record, String owner) {
    this.owner = owner;
    this.key = record.key();
    this.callId = record.callId();
    this.from = record.from();
    this.to = record.to();
    this.inviteHeaders = null;
    this.offerSdp = record.remoteSdp();
    this.resumedFrom = record;
    this.outbound = "outbound".equals(record.direction());
    ReplicatedDial dial = record.dial();
    this.agentSettings =
        dial == null || dial.agentSettings() == null
            ? null
            : new io.vertx.core.json.JsonObject(dial.agentSettings());
    if (dial != null) {
      this.reportUrl = dial.reportUrl() == null ? null : java.net.URI.create(dial.reportUrl());
      this.recordRequested = dial.record();
    }
    refreshView();
  }

  Call(UaSessionEvent newEvent, String owner) {
    this.resumedFrom = null;
    this.owner = owner;
    this.key = newEvent.key();
    this.callId = newEvent.header("Call-ID", "i");
    this.from = newEvent.header("From", "f");
    this.to = newEvent.header("To", "t");
    this.inviteHeaders = newEvent.headers();
    this.offerSdp = newEvent.body();
    this.outbound = false;
    this.agentSettings = null;
    refreshView();
  }

  /**
   * A call we placed; {@code key} is what ua_session_client_start returned (also its Call-ID);
   * {@code owner}: this node, which placed it.
   */
  Call(
      String key,
      String from,
      String to,
      io.vertx.core.json.JsonObject agentSettings,
      String owner) {
    this.owner = owner;
    this.resumedFrom = null;
    this.key = key;
    this.callId = key;
    this.from = "<" + from + ">";
    this.to = "<" + to + ">";
    this.inviteHeaders = null;
    this.offerSdp = null;
    this.outbound = true;
    this.agentSettings = agentSettings == null ? null : agentSettings.copy();
    refreshView();
  }

  public boolean outbound() {
    return outbound;
  }

  /** Where this call's report goes instead of REPORT_WEBHOOK_URL (a placed call's), or null. */
  public java.net.URI reportUrl() {
    return reportUrl;
  }

  void reportUrl(java.net.URI url) {
    this.reportUrl = url;
  }

  /** Whether the request that placed this call asked for a recording; null: the settings decide. */
  public Boolean recordRequested() {
    return recordRequested;
  }

  void recordRequested(Boolean record) {
    this.recordRequested = record;
  }

  /** Our re-INVITE (a take-over's) awaits its final reply, whose SDP is the far end's answer. */
  boolean reofferPending() {
    return reofferPending;
  }

  void reofferPending(boolean pending) {
    this.reofferPending = pending;
  }

  /** A placed call's "max_duration_s" (answered calls are hung up after it); null for no limit. */
  java.time.Duration maxDuration() {
    return maxDuration;
  }

  void maxDuration(java.time.Duration limit) {
    this.maxDuration = limit;
  }

  /** True the first time for {@code status} (the controller's context only). */
  boolean firstTime(CallStatus status) {
    return statusesTold.add(status);
  }

  /** Whether the request that placed this call asked for answering-machine detection. */
  public boolean amdRequested() {
    return amdRequested;
  }

  /** The request's voicemail message, null for the settings'. */
  public String voicemailMessage() {
    return voicemailMessage;
  }

  void amdRequested(boolean on, String message) {
    this.amdRequested = on;
    this.voicemailMessage = message;
  }

  /** The answering-machine detection's result, null when none ran (yet). */
  public org.oavc.connector.amd.AmdResult amd() {
    return amd;
  }

  void amd(org.oavc.connector.amd.AmdResult result) {
    this.amd = result;
    refreshView();
  }

  /** The recording's file, once known; null when the call is not recorded. */
  public String recording() {
    return recording;
  }

  void recording(java.nio.file.Path file) {
    this.recording = file == null ? null : file.toString();
    refreshView();
  }

  /** Outbound calls: agent fields given with the request (a copy), else null. */
  public io.vertx.core.json.JsonObject agentSettings() {
    return agentSettings == null ? null : agentSettings.copy();
  }

  public String key() {
    return key;
  }

  /** The To user (the number or service the caller dialled), or null when headers are off. */
  public String toUser() {
    return SipHeaders.uriUser(to);
  }

  public String fromUser() {
    return SipHeaders.uriUser(from);
  }

  /** The INVITE's SIP headers as OpenSIPS sent them (CRLF-separated), or null when off. */
  public String inviteHeaders() {
    return inviteHeaders;
  }

  /**
   * The SDP offer of the INVITE; null or empty when it had none (our offer goes in the 200). For a
   * call carried on from another node, the far end's SDP of its record (a placed call's: the called
   * party's answer).
   */
  public String offerSdp() {
    return offerSdp;
  }

  public String callId() {
    return callId;
  }

  /**
   * The record of the call as its dead owner left it, when this node took it over (the AI side
   * primes its new session with the turns); null for a call answered here.
   */
  public ReplicatedCall resumedFrom() {
    return resumedFrom;
  }

  /** NODE_ID of the node that owns the call (this one: a call object exists only there). */
  public String owner() {
    return owner;
  }

  public CallState state() {
    return state;
  }

  public boolean isEnded() {
    return state == CallState.ENDED;
  }

  /** The latest snapshot; media figures are read live (they change without state changes). */
  public CallView view() {
    CallView v = view;
    MediaSession m = media;
    return m == null ? v : v.withMedia(m.quality());
  }

  public Integer port() {
    return port;
  }

  public MediaSession media() {
    return media;
  }

  public SdpNegotiation negotiation() {
    return negotiation;
  }

  long createdNanos() {
    return createdNanos;
  }

  long answeredNanos() {
    return answeredNanos;
  }

  long mediaChangedNanos() {
    return mediaChangedNanos;
  }

  long setupTimerId() {
    return setupTimerId;
  }

  void setupTimerId(long id) {
    this.setupTimerId = id;
  }

  EndCause endCause() {
    return endCause;
  }

  void state(CallState s) {
    this.state = s;
    refreshView();
  }

  void attachPort(int p) {
    this.port = p;
    refreshView();
  }

  void attachMedia(MediaSession m) {
    this.media = m;
  }

  Integer detachPort() {
    Integer p = port;
    port = null;
    return p;
  }

  /** The RTP bind started for this call (it runs in parallel with the answer), or null. */
  Future<MediaSession> mediaOpening() {
    return mediaOpening;
  }

  void mediaOpening(Future<MediaSession> opening) {
    this.mediaOpening = opening;
  }

  /** True once {@link CallAgent#answered} was called, so that the agent hears of the end. */
  boolean handedToAgent() {
    return handedToAgent;
  }

  void handedToAgent(boolean handed) {
    this.handedToAgent = handed;
  }

  /** True the first time only: the call's NEW line is logged once. */
  boolean firstLogLine() {
    boolean first = !logged;
    logged = true;
    return first;
  }

  MediaSession detachMedia() {
    MediaSession m = media;
    if (m != null) {
      lastQuality = m.quality(); // the ended call's record keeps its media figures
    }
    media = null;
    return m;
  }

  void negotiated(SdpNegotiation n) {
    this.negotiation = n;
    this.mediaChangedNanos = System.nanoTime();
    refreshView();
  }

  void finalStatus(int status) {
    this.finalStatus = status;
    refreshView();
  }

  void answered() {
    this.state = CallState.ACTIVE;
    this.answeredAt = Instant.now();
    this.answeredNanos = System.nanoTime();
    refreshView();
    answerSettled();
  }

  /**
   * Runs {@code action} once our 200 is confirmed (or the call ended), at once when that is already
   * so. The caller may send an in-dialog request as soon as it has our 200, before OpenSIPS's reply
   * to the MI request that sent it has reached us.
   */
  void whenAnswerSettled(Runnable action) {
    if (state != CallState.ANSWERING) {
      action.run();
      return;
    }
    if (untilAnswerSettled == null) {
      untilAnswerSettled = new ArrayList<>(1);
    }
    untilAnswerSettled.add(action);
  }

  private void answerSettled() {
    List<Runnable> waiting = untilAnswerSettled;
    untilAnswerSettled = null;
    if (waiting != null) {
      waiting.forEach(Runnable::run);
    }
  }

  void ended(EndCause cause) {
    this.state = CallState.ENDED;
    this.endCause = cause;
    this.endedAt = Instant.now();
    refreshView();
    answerSettled();
  }

  /**
   * True when the caller's last offer took the call off a two-way stream (hold: sendonly or
   * inactive, or a listen-only recvonly). Many phones send nothing at all while holding, even with
   * a=sendonly, so the silence of a held call says nothing about a dead line.
   */
  boolean callerHolds() {
    return negotiation != null && negotiation.localDirection() != MediaDirection.SENDRECV;
  }

  /** Rebuilt on every change so readers on other threads get a consistent snapshot. */
  void refreshView() {
    MediaSession m = media;
    view =
        new CallView(
            key,
            callId,
            from,
            to,
            outbound,
            state,
            endCause,
            finalStatus,
            port,
            negotiation == null ? null : negotiation.codec().name(),
            negotiation == null ? null : negotiation.localDirection().name().toLowerCase(),
            createdAt,
            answeredAt,
            endedAt,
            m != null ? m.packetsReceived() : lastQuality != null ? lastQuality.packetsIn() : 0,
            m != null ? m.quality() : lastQuality,
            owner,
            recording,
            amd);
  }
}
