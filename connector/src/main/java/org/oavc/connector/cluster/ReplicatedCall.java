package org.oavc.connector.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What another node needs to carry a call on when its owner dies: the far end's SDP and ours
 * (codec, payload types, packet time, DTMF), the AI flavor and the conversation so far. Small and
 * immutable; a copy lives in the cluster map {@code oavc-calls} while the call does.
 *
 * @param direction "inbound" (the caller dialled us) or "outbound" (we placed it)
 * @param remoteSdp the far end's SDP: an inbound caller's offer (empty when the INVITE had none),
 *     the called party's answer to our offer for a placed call; the last one after a re-offer
 * @param localSdp our SDP: the answer in our 200, or the offer of a placed call
 * @param telephoneEventPayloadType RFC 4733 payload type, or null when not negotiated
 * @param flavor the AI flavor carrying the call, or null until chosen
 * @param callId the dialog's Call-ID; null when not known
 * @param from the From header (a placed call's: its request's URI)
 * @param to the To header
 * @param dial what a placed call's request asked for; null for an inbound call
 * @param recorded whether the owner records the call (a node carrying it on records its part)
 */
public record ReplicatedCall(
    String key,
    String direction,
    String remoteSdp,
    String localSdp,
    String codec,
    int payloadType,
    int clockRate,
    int ptimeMs,
    Integer telephoneEventPayloadType,
    String flavor,
    long startedAtMillis,
    List<ReplicatedTurn> turns,
    String owner,
    String callId,
    String from,
    String to,
    ReplicatedDial dial,
    boolean recorded)
    implements Serializable {

  /** Turns kept at most: the latest, as the AI's context needs the recent conversation. */
  public static final int MAX_TURNS = 50;

  public ReplicatedCall {
    turns = List.copyOf(turns);
  }

  public ReplicatedCall withFlavor(String f) {
    return with(f, turns, owner, recorded);
  }

  /** This record with {@code turn} appended (the oldest dropped beyond {@link #MAX_TURNS}). */
  public ReplicatedCall withTurn(ReplicatedTurn turn) {
    List<ReplicatedTurn> t = new ArrayList<>(turns);
    t.add(turn);
    while (t.size() > MAX_TURNS) {
      t.remove(0);
    }
    return with(flavor, t, owner, recorded);
  }

  /**
   * This record with the media of {@code renegotiated} (the far end's latest offer and our answer
   * to it, after a re-INVITE or UPDATE); its conversation, flavor, owner and the rest kept.
   */
  public ReplicatedCall withMediaOf(ReplicatedCall renegotiated) {
    return new ReplicatedCall(
        key,
        direction,
        renegotiated.remoteSdp,
        renegotiated.localSdp,
        renegotiated.codec,
        renegotiated.payloadType,
        renegotiated.clockRate,
        renegotiated.ptimeMs,
        renegotiated.telephoneEventPayloadType,
        flavor,
        startedAtMillis,
        turns,
        owner,
        callId,
        from,
        to,
        dial,
        recorded);
  }

  /** This record noting that its owner records the call. */
  public ReplicatedCall withRecorded() {
    return with(flavor, turns, owner, true);
  }

  public ReplicatedCall withOwner(String node) {
    return with(flavor, turns, node, recorded);
  }

  private ReplicatedCall with(String f, List<ReplicatedTurn> t, String node, boolean r) {
    return new ReplicatedCall(
        key,
        direction,
        remoteSdp,
        localSdp,
        codec,
        payloadType,
        clockRate,
        ptimeMs,
        telephoneEventPayloadType,
        f,
        startedAtMillis,
        t,
        node,
        callId,
        from,
        to,
        dial,
        r);
  }
}
