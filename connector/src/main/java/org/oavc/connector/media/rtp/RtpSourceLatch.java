package org.oavc.connector.media.rtp;

import java.util.Objects;

/**
 * Symmetric-RTP latching (the caller's real address may differ from SDP behind NAT): the first
 * valid packet's source becomes the peer. Another source takes over only after {@code threshold}
 * consecutive valid packets from it with none from the latched source in between; a packet that
 * failed validation never latches and breaks a candidate's run. Pure logic, no I/O.
 *
 * @param <A> the source identity, e.g. a socket address; compared with {@code equals}
 */
public final class RtpSourceLatch<A> {
  /** What to do with a packet. */
  public enum Decision {
    /** From the latched source: use it. */
    ACCEPT,
    /** First valid packet: its source is now latched; use it. */
    LATCHED,
    /** This source has proved itself and replaced the old one; use it. */
    RELATCHED,
    /** From another source that has not (yet) proved itself: drop it. */
    IGNORE,
    /** Failed validation: drop it. */
    REJECT
  }

  private final int threshold;
  private A latched;
  private A candidate;
  private int candidateRun;
  private long relatches;

  /**
   * @param threshold consecutive valid packets a new source needs to take over (at least 1)
   */
  public RtpSourceLatch(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1");
    }
    this.threshold = threshold;
  }

  /**
   * Decides about one packet.
   *
   * @param source where it came from
   * @param valid whether it passed validation (RTP parse, expected payload type, SSRC policy)
   */
  public Decision onPacket(A source, boolean valid) {
    Objects.requireNonNull(source, "source");
    if (!valid) {
      if (source.equals(candidate)) {
        candidate = null;
        candidateRun = 0;
      }
      return Decision.REJECT;
    }
    if (latched == null) {
      latched = source;
      return Decision.LATCHED;
    }
    if (latched.equals(source)) {
      candidate = null;
      candidateRun = 0;
      return Decision.ACCEPT;
    }
    if (!source.equals(candidate)) {
      candidate = source;
      candidateRun = 0;
    }
    if (++candidateRun >= threshold) {
      latched = source;
      candidate = null;
      candidateRun = 0;
      relatches++;
      return Decision.RELATCHED;
    }
    return Decision.IGNORE;
  }

  /** The latched source, or null before the first valid packet. */
  public A latched() {
    return latched;
  }

  public long relatches() {
    return relatches;
  }

  /** Forgets the latched source, e.g. after a re-INVITE moved the media. */
  public void reset() {
    latched = null;
    candidate = null;
    candidateRun = 0;
  }
}
