package org.oavc.xdp.bpf;

/** Verdict reasons, in the order of enum filter_reason in bpf/sip_filter.h. */
public enum Reason {
  PASS_NOT_SIP,
  PASS_SIP,
  PASS_ALLOWLIST,
  PASS_KEEPALIVE,
  PASS_FRAGMENT,
  REDIRECT_XSK,
  DROP_BLOCKLIST,
  DROP_RATELIMIT,
  DROP_AUTOBLOCK,
  DROP_OPTIONS,
  DROP_SYNTAX,
  DROP_SCANNER,
  DROP_MALFORMED,
  PASS_EXT_HEADERS;

  public boolean drop() {
    return name().startsWith("DROP_");
  }

  /** Lower-case name used in JSON and Prometheus labels. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
