package org.oavc.xdp.bpf;

/** The mode that really took after an attach, and an honest note about fallbacks. */
public record AttachResult(AttachMode mode, String note) {}
