package org.oavc.connector.call;

/** The moments of a call that live status listeners hear of, each once per call at most. */
public enum CallStatus {
  /** Inbound: the INVITE was taken; outbound: the first 180/183 from the called party. */
  RINGING,
  ANSWERED,
  /** Outbound with "amd": the answering-machine decision (see {@link Call#amd()}). */
  AMD,
  /** Every end, also of calls never answered (not of calls moved to another node). */
  ENDED
}
