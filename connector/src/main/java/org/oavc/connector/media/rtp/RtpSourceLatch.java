package org.oavc.connector.media.rtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.oavc.common.net.Cidr;

/**
 * Which source a call's media is taken from (and, by symmetric RTP, sent back to). The RTP port is
 * public, so anyone may send to it; the rules keep a stranger from taking a call over ("RTP
 * bleed"):
 *
 * <ul>
 *   <li>The address in the caller's SDP ({@link #expect}) is always taken, at once.
 *   <li>Another source is taken first only behind NAT: while nothing came from the SDP address,
 *       within the NAT window after the answer, when the SDP address is private (or the source is
 *       the SDP host on another port), and after a steady stream from it (packets in a row, one
 *       SSRC, sequence numbers a few apart).
 *   <li>Once latched, another source takes over only when the latched one has been silent for the
 *       relatch silence and the newcomer sends a steady stream with the latched stream's SSRC (a
 *       NAT rebinding keeps the caller's stream, a stranger does not know its SSRC).
 *   <li>A new SDP address (re-INVITE) replaces the latch at once; the old one cannot come back
 *       through the NAT rule.
 * </ul>
 *
 * Pure logic, no I/O, not thread-safe; times are {@link System#nanoTime()} values.
 */
public final class RtpSourceLatch {
  /** What to do with a valid RTP packet. */
  public enum Decision {
    /** From the latched source: use it. */
    ACCEPT,
    /** The first source of this SDP address's media: latched now; use it. */
    LATCHED,
    /** Media moved to this source (the SDP address came back, or a NAT rebinding); use it. */
    RELATCHED,
    /** From a source that is not (or not yet) allowed: drop it. */
    REFUSED_SOURCE,
    /** From another source with an SSRC that is not the latched stream's: drop it. */
    REFUSED_SSRC
  }

  /** Largest step between two sequence numbers of a steady stream (a few packets lost between). */
  static final int MAX_SEQUENCE_STEP = 8;

  /** Addresses a caller behind NAT writes into its SDP, which its packets never come from. */
  private static final List<Cidr> PRIVATE =
      List.of(
          Cidr.parse("10.0.0.0/8"),
          Cidr.parse("172.16.0.0/12"),
          Cidr.parse("192.168.0.0/16"),
          Cidr.parse("100.64.0.0/10"), // carrier-grade NAT
          Cidr.parse("169.254.0.0/16"),
          Cidr.parse("fc00::/7"),
          Cidr.parse("fe80::/10"));

  private final int streamPackets;
  private final long natWindowNanos;
  private final long silenceNanos;

  private InetSocketAddress expected;
  private InetAddress expectedRtcpHost;
  private InetSocketAddress abandoned;
  private boolean expectedPrivate;
  private long natWindowEnds;

  private InetSocketAddress latched;
  private int latchedSsrc;
  private long lastFromLatched;
  private long relatches;

  private InetSocketAddress candidate;
  private int candidateSsrc;
  private int candidateSequence;
  private int candidateRun;

  /**
   * @param streamPackets packets in a row a source other than the SDP address needs (at least 1)
   * @param natWindowNanos how long after the answer a source other than the SDP address may be
   *     taken first (0: never)
   * @param silenceNanos how long the latched source must have been silent before another takes over
   */
  public RtpSourceLatch(int streamPackets, long natWindowNanos, long silenceNanos) {
    if (streamPackets < 1 || natWindowNanos < 0 || silenceNanos < 0) {
      throw new IllegalArgumentException("stream packets at least 1, durations not negative");
    }
    this.streamPackets = streamPackets;
    this.natWindowNanos = natWindowNanos;
    this.silenceNanos = silenceNanos;
  }

  /**
   * The caller's SDP named these addresses (an answer or a re-INVITE). A new RTP address replaces
   * the latch and opens the NAT window anew; the same one changes nothing, and so does one that
   * names no destination (null, port 0, 0.0.0.0: a hold), which keeps the media where it is.
   *
   * @param rtcp from {@code a=rtcp} or RTP port + 1; null with rtcp-mux
   * @return true when the latch was replaced
   */
  public boolean expect(InetSocketAddress rtp, InetSocketAddress rtcp, long nowNanos) {
    if (rtp == null
        || rtp.getPort() == 0
        || rtp.isUnresolved()
        || rtp.getAddress().isAnyLocalAddress()) {
      return false;
    }
    expectedRtcpHost = rtcp == null || rtcp.isUnresolved() ? null : rtcp.getAddress();
    if (rtp.equals(expected)) {
      return false;
    }
    abandoned = expected;
    expected = rtp;
    expectedPrivate = PRIVATE.stream().anyMatch(c -> c.contains(rtp.getAddress()));
    natWindowEnds = nowNanos + natWindowNanos;
    latched = null;
    dropCandidate();
    return true;
  }

  /**
   * Decides about one valid RTP packet (parsed, expected payload type).
   *
   * @param source where it came from
   */
  public Decision onPacket(InetSocketAddress source, int ssrc, int sequence, long nowNanos) {
    Objects.requireNonNull(source, "source");
    if (source.equals(latched)) {
      take(source, ssrc, nowNanos);
      return Decision.ACCEPT;
    }
    if (source.equals(expected)) {
      boolean first = latched == null;
      take(source, ssrc, nowNanos);
      if (first) {
        return Decision.LATCHED;
      }
      relatches++;
      return Decision.RELATCHED;
    }
    if (latched == null) {
      if (!mayStandInForTheSdpAddress(source, nowNanos)) {
        return Decision.REFUSED_SOURCE;
      }
      if (!steady(source, ssrc, sequence)) {
        return Decision.REFUSED_SOURCE;
      }
      take(source, ssrc, nowNanos);
      return Decision.LATCHED;
    }
    if (ssrc != latchedSsrc) {
      return Decision.REFUSED_SSRC; // and it leaves a rebinding caller's run alone
    }
    if (!steady(source, ssrc, sequence) || nowNanos - lastFromLatched < silenceNanos) {
      return Decision.REFUSED_SOURCE;
    }
    take(source, ssrc, nowNanos);
    relatches++;
    return Decision.RELATCHED;
  }

  /** A packet that failed validation: it breaks its source's run. */
  public void onInvalid(InetSocketAddress source) {
    if (source != null && source.equals(candidate)) {
      dropCandidate();
    }
  }

  /**
   * Whether RTCP from {@code source} is the caller's: from the latched source's host, or before
   * anything latched (and while the SDP address itself is latched) from the SDP's RTP or RTCP host.
   */
  public boolean acceptsRtcp(InetSocketAddress source) {
    if (source == null || source.isUnresolved()) {
      return false;
    }
    InetAddress host = source.getAddress();
    if (latched != null && host.equals(latched.getAddress())) {
      return true;
    }
    boolean sdpInForce = latched == null || latched.equals(expected);
    return sdpInForce
        && expected != null
        && (host.equals(expected.getAddress()) || host.equals(expectedRtcpHost));
  }

  /** NAT: nothing came from the SDP address yet, the window is open, and the SDP allows it. */
  private boolean mayStandInForTheSdpAddress(InetSocketAddress source, long nowNanos) {
    return expected != null
        && nowNanos - natWindowEnds < 0
        && !source.equals(abandoned)
        && (expectedPrivate || source.getAddress().equals(expected.getAddress()));
  }

  /** Counts {@code source}'s run; true once it is {@link #streamPackets} long. */
  private boolean steady(InetSocketAddress source, int ssrc, int sequence) {
    int step = (sequence - candidateSequence) & 0xFFFF;
    if (source.equals(candidate)
        && ssrc == candidateSsrc
        && step >= 1
        && step <= MAX_SEQUENCE_STEP) {
      candidateRun++;
    } else {
      candidate = source;
      candidateSsrc = ssrc;
      candidateRun = 1;
    }
    candidateSequence = sequence;
    return candidateRun >= streamPackets;
  }

  private void take(InetSocketAddress source, int ssrc, long nowNanos) {
    latched = source;
    latchedSsrc = ssrc;
    lastFromLatched = nowNanos;
    dropCandidate();
  }

  private void dropCandidate() {
    candidate = null;
    candidateRun = 0;
  }

  /** The latched source, or null while nothing is latched. */
  public InetSocketAddress latched() {
    return latched;
  }

  /** The RTP address of the caller's last SDP that named one, or null. */
  public InetSocketAddress expected() {
    return expected;
  }

  /** Moves to another source after the first latch (the SDP address back, NAT rebindings). */
  public long relatches() {
    return relatches;
  }
}
