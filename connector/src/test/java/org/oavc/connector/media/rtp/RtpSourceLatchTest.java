package org.oavc.connector.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oavc.connector.media.rtp.RtpSourceLatch.Decision.ACCEPT;
import static org.oavc.connector.media.rtp.RtpSourceLatch.Decision.LATCHED;
import static org.oavc.connector.media.rtp.RtpSourceLatch.Decision.REFUSED_SOURCE;
import static org.oavc.connector.media.rtp.RtpSourceLatch.Decision.REFUSED_SSRC;
import static org.oavc.connector.media.rtp.RtpSourceLatch.Decision.RELATCHED;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The latch's rules alone, with the clock passed in (milliseconds written as nanoseconds). */
class RtpSourceLatchTest {
  private static final long MS = 1_000_000L;
  private static final long WINDOW = 3000 * MS;
  private static final long SILENCE = 1000 * MS;
  private static final int RUN = 5;

  private static final InetSocketAddress CALLER = address("203.0.113.5", 4000);
  private static final InetSocketAddress CALLER_RTCP = address("203.0.113.5", 4001);
  private static final InetSocketAddress PRIVATE_SDP = address("10.0.0.5", 4000);
  private static final InetSocketAddress NAT = address("198.51.100.7", 61000);
  private static final InetSocketAddress ATTACKER = address("192.0.2.66", 5000);
  private static final int CALLER_SSRC = 0x1234;
  private static final int ATTACKER_SSRC = 0x6666;

  private final RtpSourceLatch latch = new RtpSourceLatch(RUN, WINDOW, SILENCE);
  private int sequence = 100;

  private static InetSocketAddress address(String ip, int port) {
    return new InetSocketAddress(ip, port);
  }

  /** One packet of a steady stream from {@code source}, {@code atMs} after the answer. */
  private RtpSourceLatch.Decision packet(InetSocketAddress source, int ssrc, long atMs) {
    return latch.onPacket(source, ssrc, sequence++, atMs * MS);
  }

  @Test
  void theSdpAddressLatchesAtOnceAndAnotherHostNeverDoes() {
    latch.expect(CALLER, CALLER_RTCP, 0);
    // An attacker spraying the port before the caller speaks: a perfect stream, refused all along.
    for (int i = 0; i < 50; i++) {
      assertThat(packet(ATTACKER, ATTACKER_SSRC, i)).isEqualTo(REFUSED_SOURCE);
    }
    assertThat(latch.latched()).isNull();
    assertThat(packet(CALLER, CALLER_SSRC, 60)).isEqualTo(LATCHED);
    assertThat(packet(new InetSocketAddress("203.0.113.5", 4000), CALLER_SSRC, 80))
        .isEqualTo(ACCEPT);
    assertThat(latch.latched()).isEqualTo(CALLER);
    assertThat(latch.relatches()).isZero();
  }

  @Test
  void nothingLatchesBeforeAnSdpAddressIsKnown() {
    for (int i = 0; i < 10; i++) {
      assertThat(packet(CALLER, CALLER_SSRC, i)).isEqualTo(REFUSED_SOURCE);
    }
    // A hold address names no destination: still nothing to latch to.
    assertThat(latch.expect(address("0.0.0.0", 4000), null, 0)).isFalse();
    assertThat(packet(CALLER, CALLER_SSRC, 20)).isEqualTo(REFUSED_SOURCE);
  }

  @Test
  void aCallerBehindNatLatchesAfterASteadyStreamWithinTheWindow() {
    latch.expect(PRIVATE_SDP, null, 0);
    for (int i = 1; i < RUN; i++) {
      assertThat(packet(NAT, CALLER_SSRC, 20 * i)).isEqualTo(REFUSED_SOURCE);
    }
    assertThat(packet(NAT, CALLER_SSRC, 100)).isEqualTo(LATCHED);
    assertThat(latch.latched()).isEqualTo(NAT);
    assertThat(packet(NAT, CALLER_SSRC, 120)).isEqualTo(ACCEPT);
  }

  @Test
  void aRunIsBrokenByAnotherSsrcASequenceJumpAnInvalidPacketOrAnotherSource() {
    latch.expect(PRIVATE_SDP, null, 0);
    packet(NAT, CALLER_SSRC, 0);
    packet(NAT, CALLER_SSRC, 20);
    packet(NAT, CALLER_SSRC, 40);
    packet(NAT, CALLER_SSRC, 60);
    assertThat(packet(NAT, ATTACKER_SSRC, 80)).isEqualTo(REFUSED_SOURCE); // a run of one again
    for (int i = 1; i < RUN; i++) {
      packet(NAT, CALLER_SSRC, 100 + 20 * i);
    }
    sequence += RtpSourceLatch.MAX_SEQUENCE_STEP; // one step too far
    assertThat(packet(NAT, CALLER_SSRC, 200)).isEqualTo(REFUSED_SOURCE);
    for (int i = 1; i < RUN - 1; i++) {
      packet(NAT, CALLER_SSRC, 200 + 20 * i);
    }
    latch.onInvalid(NAT);
    assertThat(packet(NAT, CALLER_SSRC, 300)).isEqualTo(REFUSED_SOURCE);
    for (int i = 1; i < RUN - 1; i++) {
      packet(NAT, CALLER_SSRC, 300 + 20 * i);
    }
    assertThat(packet(ATTACKER, CALLER_SSRC, 390)).isEqualTo(REFUSED_SOURCE);
    assertThat(packet(NAT, CALLER_SSRC, 400)).isEqualTo(REFUSED_SOURCE);
    assertThat(latch.latched()).isNull();
    // Sequence numbers wrap: 65535 -> 0 is one step.
    sequence = 65535 - 2;
    for (int i = 1; i < RUN; i++) {
      packet(NAT, CALLER_SSRC, 500 + 20 * i);
    }
    assertThat(packet(NAT, CALLER_SSRC, 600)).isEqualTo(LATCHED);
  }

  @Test
  void theNatWindowCloses() {
    latch.expect(PRIVATE_SDP, null, 0);
    for (int i = 0; i < 3 * RUN; i++) {
      assertThat(packet(NAT, CALLER_SSRC, 3000 + 20 * i)).isEqualTo(REFUSED_SOURCE);
    }
    // A window of 0 (RTP_NAT_LATCH_WINDOW_MS=0): the SDP address only, from the start.
    RtpSourceLatch strict = new RtpSourceLatch(1, 0, SILENCE);
    strict.expect(PRIVATE_SDP, null, 0);
    assertThat(strict.onPacket(NAT, CALLER_SSRC, 1, 0)).isEqualTo(REFUSED_SOURCE);
    assertThat(strict.onPacket(PRIVATE_SDP, CALLER_SSRC, 2, 0)).isEqualTo(LATCHED);
  }

  @Test
  void noNatSourceOnceTheSdpAddressSpoke() {
    latch.expect(PRIVATE_SDP, null, 0);
    assertThat(packet(PRIVATE_SDP, CALLER_SSRC, 0)).isEqualTo(LATCHED);
    for (int i = 1; i < 3 * RUN; i++) {
      assertThat(packet(NAT, ATTACKER_SSRC, 20 * i)).isEqualTo(REFUSED_SSRC);
    }
    assertThat(latch.latched()).isEqualTo(PRIVATE_SDP);
  }

  @Test
  void withAPublicSdpAddressOnlyItsHostMayStandInForIt() {
    latch.expect(CALLER, CALLER_RTCP, 0);
    for (int i = 0; i < 3 * RUN; i++) {
      assertThat(packet(NAT, CALLER_SSRC, 20 * i)).isEqualTo(REFUSED_SOURCE);
    }
    InetSocketAddress otherPort = address("203.0.113.5", 50000); // a NAT that rewrote the port
    for (int i = 1; i < RUN; i++) {
      assertThat(packet(otherPort, CALLER_SSRC, 400 + 20 * i)).isEqualTo(REFUSED_SOURCE);
    }
    assertThat(packet(otherPort, CALLER_SSRC, 500)).isEqualTo(LATCHED);
  }

  @Test
  void theSdpAddressTakesTheMediaBackFromANatSource() {
    latch.expect(PRIVATE_SDP, null, 0);
    for (int i = 0; i < RUN; i++) {
      packet(NAT, CALLER_SSRC, 20 * i);
    }
    assertThat(latch.latched()).isEqualTo(NAT);
    assertThat(packet(PRIVATE_SDP, 0x9999, 200)).isEqualTo(RELATCHED);
    assertThat(latch.latched()).isEqualTo(PRIVATE_SDP);
    assertThat(latch.relatches()).isOne();
  }

  @Test
  void anotherSourceTakesOverOnlyAfterTheLatchedOnesSilenceAndWithItsSsrc() {
    latch.expect(CALLER, CALLER_RTCP, 0);
    assertThat(packet(CALLER, CALLER_SSRC, 0)).isEqualTo(LATCHED);
    // Mid-call burst of a stranger: not the caller's stream, refused however long it goes on.
    for (int i = 0; i < 100; i++) {
      assertThat(packet(ATTACKER, ATTACKER_SSRC, 5000 + i)).isEqualTo(REFUSED_SSRC);
    }
    // The caller's stream from elsewhere (NAT rebinding) while the caller still speaks: refused.
    for (int i = 0; i < 2 * RUN; i++) {
      assertThat(packet(CALLER, CALLER_SSRC, 6000 + 20 * i)).isEqualTo(ACCEPT);
      assertThat(packet(NAT, CALLER_SSRC, 6010 + 20 * i)).isEqualTo(REFUSED_SOURCE);
    }
    long lastFromCaller = 6000 + 20 * (2 * RUN - 1);
    // The caller fell silent; the newcomer's steady stream waits for the silence to be long enough.
    long t = lastFromCaller + 20;
    for (; t < lastFromCaller + 1000; t += 20) {
      assertThat(packet(NAT, CALLER_SSRC, t)).isEqualTo(REFUSED_SOURCE);
      assertThat(packet(ATTACKER, ATTACKER_SSRC, t)).isEqualTo(REFUSED_SSRC);
    }
    assertThat(packet(NAT, CALLER_SSRC, t)).isEqualTo(RELATCHED);
    assertThat(latch.latched()).isEqualTo(NAT);
    assertThat(latch.relatches()).isOne();
    // The SDP address is the caller's whenever it speaks again.
    assertThat(packet(CALLER, CALLER_SSRC, t + 20)).isEqualTo(RELATCHED);
    assertThat(latch.relatches()).isEqualTo(2);
  }

  @Test
  void aNewSdpAddressReplacesTheLatchAtOnce() {
    latch.expect(CALLER, CALLER_RTCP, 0);
    packet(CALLER, CALLER_SSRC, 0);
    InetSocketAddress moved = address("203.0.113.5", 4100);
    assertThat(latch.expect(moved, null, 10_000 * MS)).isTrue();
    assertThat(latch.latched()).isNull();
    assertThat(latch.expected()).isEqualTo(moved);
    // The address the caller moved away from cannot come back on its own, not even as its host.
    for (int i = 0; i < 3 * RUN; i++) {
      assertThat(packet(CALLER, CALLER_SSRC, 10_000 + 20 * i)).isEqualTo(REFUSED_SOURCE);
    }
    assertThat(packet(moved, 0x4321, 10_400)).isEqualTo(LATCHED);
    // The same address again, or a hold, leaves the latch alone.
    assertThat(latch.expect(address("203.0.113.5", 4100), null, 20_000 * MS)).isFalse();
    assertThat(latch.expect(address("0.0.0.0", 4100), null, 20_000 * MS)).isFalse();
    assertThat(latch.latched()).isEqualTo(moved);
    assertThat(latch.expected()).isEqualTo(moved);
  }

  @Test
  void rtcpComesOnlyFromTheCallersHost() {
    InetSocketAddress rtcpElsewhere = address("203.0.113.9", 7001); // a=rtcp:7001 IN IP4 other
    latch.expect(CALLER, rtcpElsewhere, 0);
    assertThat(latch.acceptsRtcp(CALLER_RTCP)).isTrue();
    assertThat(latch.acceptsRtcp(rtcpElsewhere)).isTrue();
    assertThat(latch.acceptsRtcp(address("203.0.113.9", 9999))).isTrue();
    assertThat(latch.acceptsRtcp(ATTACKER)).isFalse();
    packet(CALLER, CALLER_SSRC, 0);
    assertThat(latch.acceptsRtcp(CALLER_RTCP)).isTrue();
    assertThat(latch.acceptsRtcp(rtcpElsewhere)).isTrue();
    assertThat(latch.acceptsRtcp(ATTACKER)).isFalse();

    // Behind NAT, once latched: the NAT host only.
    RtpSourceLatch nat = new RtpSourceLatch(1, WINDOW, SILENCE);
    nat.expect(PRIVATE_SDP, address("10.0.0.5", 4001), 0);
    assertThat(nat.acceptsRtcp(address("198.51.100.7", 61001))).isFalse();
    assertThat(nat.onPacket(NAT, CALLER_SSRC, 1, 0)).isEqualTo(LATCHED);
    assertThat(nat.acceptsRtcp(address("198.51.100.7", 61001))).isTrue();
    assertThat(nat.acceptsRtcp(address("10.0.0.5", 4001))).isFalse();
    assertThat(nat.acceptsRtcp(ATTACKER)).isFalse();
  }
}
