package org.oavc.connector.call;

/** Where a UA session stands from the connector's side. */
public enum CallState {
  /** NEW received; port, media and SDP answer being prepared; no final reply sent yet. */
  SETTING_UP,
  /** Our 200 OK is on its way (ua_session_reply sent, MI answer pending). */
  ANSWERING,
  /** Answered and confirmed by OpenSIPS. */
  ACTIVE,
  /** Hang-up in progress (our BYE or a final error reply is being sent). */
  ENDING,
  /** Resources released; the call is only kept in the history. */
  ENDED
}
