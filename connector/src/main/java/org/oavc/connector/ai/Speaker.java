package org.oavc.connector.ai;

/** Who said a transcript turn. */
public enum Speaker {
  CALLER,
  AGENT
}
