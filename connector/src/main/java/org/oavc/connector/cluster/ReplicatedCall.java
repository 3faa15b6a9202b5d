package org.oavc.connector.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What another node needs to carry a call on when its owner dies: the caller's offer and our answer
 * to it (codec, payload types, packet time, DTMF), the AI flavor and the conversation so far. Small
 * and immutable; a copy lives in the cluster map {@code oavc-calls} while the call does.
 *
 * @param direction "inbound" (the caller dialled us); kept for outbound calls to come
 * @param offerSdp the caller's SDP offer (empty when the INVITE had none)
 * @param answerSdp our SDP in the 200
 * @param telephoneEventPayloadType RFC 4733 payload type, or null when not negotiated
 * @param flavor the AI flavor carrying the call, or null until chosen
 */
public record ReplicatedCall(
    String key,
    String direction,
    String offerSdp,
    String answerSdp,
    String codec,
    int payloadType,
    int clockRate,
    int ptimeMs,
    Integer telephoneEventPayloadType,
    String flavor,
    long startedAtMillis,
    List<ReplicatedTurn> turns,
    String owner)
    implements Serializable {

  /** Turns kept at most: the latest, as the AI's context needs the recent conversation. */
  public static final int MAX_TURNS = 50;

  public ReplicatedCall {
    turns = List.copyOf(turns);
  }

  public ReplicatedCall withFlavor(String f) {
    return with(f, turns, owner);
  }

  /** This record with {@code turn} appended (the oldest dropped beyond {@link #MAX_TURNS}). */
  public ReplicatedCall withTurn(ReplicatedTurn turn) {
    List<ReplicatedTurn> t = new ArrayList<>(turns);
    t.add(turn);
    while (t.size() > MAX_TURNS) {
      t.remove(0);
    }
    return with(flavor, t, owner);
  }

  /**
   * This record with the media of {@code renegotiated} (the caller's latest offer and our answer to
   * it, after a re-INVITE or UPDATE); its conversation, flavor and owner kept.
   */
  public ReplicatedCall withMediaOf(ReplicatedCall renegotiated) {
    return new ReplicatedCall(
        key,
        direction,
        renegotiated.offerSdp,
        renegotiated.answerSdp,
        renegotiated.codec,
        renegotiated.payloadType,
        renegotiated.clockRate,
        renegotiated.ptimeMs,
        renegotiated.telephoneEventPayloadType,
        flavor,
        startedAtMillis,
        turns,
        owner);
  }

  public ReplicatedCall withOwner(String node) {
    return with(flavor, turns, node);
  }

  private ReplicatedCall with(String f, List<ReplicatedTurn> t, String node) {
    return new ReplicatedCall(
        key,
        direction,
        offerSdp,
        answerSdp,
        codec,
        payloadType,
        clockRate,
        ptimeMs,
        telephoneEventPayloadType,
        f,
        startedAtMillis,
        t,
        node);
  }
}
