package org.oavc.connector.amd;

/** Who answered a placed call, as far as its first audio tells. */
public enum AmdVerdict {
  HUMAN,
  MACHINE,
  /** No decision within the analysis time (or a silent answer): the agent starts as for a human. */
  UNKNOWN
}
