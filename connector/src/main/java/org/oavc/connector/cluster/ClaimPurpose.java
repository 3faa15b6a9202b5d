package org.oavc.connector.cluster;

/**
 * Why a node claims a call's ownership: the {@code purpose} tag of {@code
 * oavc_cluster_call_claims_total}, so the claims of new calls (the load spread) can be read apart
 * from those of clean-ups.
 */
public enum ClaimPurpose {
  /** A NEW event: whoever wins answers the call. */
  NEW_CALL,
  /** An in-dialog request or CANCEL for a key no node owns: whoever wins answers 481 or 487. */
  UNKNOWN_KEY,
  /** A session an orphan sweep found: whoever wins ends it. */
  ORPHAN_SWEEP,
  /** A call this node placed (POST /calls). */
  PLACED_CALL;

  /** The tag value. */
  public String tag() {
    return name().toLowerCase();
  }
}
