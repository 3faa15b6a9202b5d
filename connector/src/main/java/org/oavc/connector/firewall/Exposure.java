package org.oavc.connector.firewall;

/** Who may reach a port. */
public enum Exposure {
  /** Anyone: SIP and the RTP range, which callers and trunks must reach. */
  PUBLIC,
  /** Only sources in {@code INTERNAL_CIDRS}: control planes that must never face the internet. */
  INTERNAL
}
