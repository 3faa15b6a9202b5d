package org.oavc.connector.call;

/** Why a call ended: the outcome label of {@code oavc_calls_total} and of the call-end log line. */
public enum EndCause {
  /** The caller sent BYE (OpenSIPS answered it and raised TERMINATED). */
  CALLER_BYE,
  /** The caller cancelled before our answer; we sent 487. */
  CALLER_CANCEL,
  /** We hung up (AI, tool, or operator through the API / CLI). */
  HANGUP,
  /** Rejected at set-up: no common codec or unusable SDP (488). */
  REJECTED_MEDIA,
  /** Rejected at set-up: RTP port range exhausted (503). */
  REJECTED_NO_PORTS,
  /**
   * Rejected at set-up: the media bridge a WebRTC caller needs (rtpengine) did not answer (503).
   */
  REJECTED_MEDIA_BRIDGE,
  /** Rejected at set-up: the AI back end was not reachable and AI_FAILURE_ACTION=reject (503). */
  REJECTED_AI_UNAVAILABLE,
  /** The AI back end failed and the caller heard the apology before our hang-up. */
  AI_FAILED,
  /** Handed to another party with REFER (AI transfer tool or fallback). */
  TRANSFERRED,
  /** Rejected at set-up: the connector is draining for shutdown (503). */
  REJECTED_DRAINING,
  /** Rejected at set-up: it took longer than the set-up timeout (503). */
  SETUP_TIMEOUT,
  /** Set-up failed on an internal error (500). */
  SETUP_ERROR,
  /** OpenSIPS no longer has the session (session timer, restart): found by reconciliation. */
  LOST,
  /** No RTP from the caller for longer than RTP_TIMEOUT_S. */
  RTP_TIMEOUT,
  /** Hung up because the connector shut down. */
  SHUTDOWN,
  /**
   * Outbound: the called party hung up, seen in the media (RTCP BYE, or RTP silence longer than
   * OUTBOUND_MEDIA_TIMEOUT_MS): OpenSIPS answers its BYE without an event.
   */
  CALLEE_HANGUP,
  /** Outbound: the called party was busy (486, 600). */
  CALLEE_BUSY,
  /** Outbound: nobody answered within the ring timeout (ours, or OpenSIPS' 408). */
  NO_ANSWER,
  /** Outbound: the called party or the network refused the call with another final status. */
  CALLEE_REJECTED,
  /** Outbound: the call reached its max_duration_s and we hung up. */
  MAX_DURATION,
  /** Outbound with "amd": an answering machine answered and we hung up (AMD_MACHINE_ACTION). */
  ANSWERING_MACHINE,
  /** Outbound with "amd": an answering machine answered; we spoke the message after its beep. */
  VOICEMAIL_LEFT,
  /**
   * Another cluster node owns the call now (it took it over while this one was frozen): media and
   * AI stopped here, nothing sent to OpenSIPS.
   */
  MOVED
}
