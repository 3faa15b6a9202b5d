package org.oavc.connector.media.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oavc.connector.media.session.SessionFixture.PCMU;
import static org.oavc.connector.media.session.SessionFixture.negotiation;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.media.rtcp.NtpTime;
import org.oavc.connector.media.rtcp.ReceiverReport;
import org.oavc.connector.media.rtcp.ReportBlock;
import org.oavc.connector.media.rtcp.RtcpPacket;
import org.oavc.connector.media.rtcp.RtcpParser;
import org.oavc.connector.media.rtcp.RtcpWriter;
import org.oavc.connector.media.rtcp.SenderReport;
import org.oavc.connector.media.rtcp.SourceDescription;
import org.oavc.connector.media.session.RtpPeer.Received;
import org.oavc.connector.media.session.impl.RtpSession;
import org.oavc.connector.sdp.MediaDirection;

/** RTCP between a session and a loopback peer, muxed and on port + 1. */
class RtpSessionRtcpTest {
  private final SessionFixture fx = new SessionFixture();

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  /** The next RTCP compound at {@code peer}. */
  static List<RtcpPacket> nextRtcp(RtpPeer peer) throws Exception {
    for (int i = 0; i < 500; i++) {
      Received r = peer.receive(10_000);
      if (r != null && r.isRtcp()) {
        return RtcpParser.parseCompound(r.data(), 0, r.data().length);
      }
    }
    throw new AssertionError("no RTCP");
  }

  @Test
  void muxedReportsCarrySrSdesAndBlocksAndTheCallersReportGivesRtt() throws Exception {
    RtpSession s = fx.open(fx.options().setRtcpIntervalMillis(300));
    try (RtpPeer peer = new RtpPeer(s.localPort(), 0x5555)) {
      SessionFixture.await(
          s.applyAsync(negotiation(PCMU, MediaDirection.SENDRECV, peer.address(), true)));
      int ourSsrc = peer.receiveRtp().rtp().ssrc();
      for (int i = 0; i < 20; i++) {
        peer.send(peer.next(0, 160, new byte[160]));
      }
      // The caller's SR, so our next report block echoes it as LSR.
      long callerNtp = NtpTime.fromUnixMillis(System.currentTimeMillis());
      byte[] buf = new byte[200];
      int len =
          RtcpWriter.write(new SenderReport(0x5555, callerNtp, 1234, 20, 3200, List.of()), buf, 0);
      peer.send(java.util.Arrays.copyOf(buf, len));
      await().atMost(Duration.ofSeconds(10)).until(() -> s.packetsReceived() == 20);

      SenderReport ours = null;
      ReportBlock aboutCaller = null;
      for (int i = 0; i < 20 && aboutCaller == null; i++) {
        List<RtcpPacket> compound = nextRtcp(peer);
        assertThat(compound.get(0)).isInstanceOf(SenderReport.class);
        assertThat(compound).anyMatch(p -> p instanceof SourceDescription);
        ours = (SenderReport) compound.get(0);
        assertThat(ours.ssrc()).isEqualTo(ourSsrc);
        aboutCaller =
            ours.reports().stream()
                .filter(b -> b.ssrc() == 0x5555 && b.lastSr() != 0)
                .findFirst()
                .orElse(null);
      }
      assertThat(aboutCaller).isNotNull();
      assertThat(aboutCaller.lastSr()).isEqualTo(NtpTime.middle32(callerNtp));
      assertThat(aboutCaller.extendedHighestSequence() & 0xFFFF).isEqualTo((1000 + 19) & 0xFFFF);
      assertThat(aboutCaller.cumulativeLost()).isZero();
      assertThat(Integer.toUnsignedLong(ours.packetCount())).isPositive();

      // The caller reports on our stream at once: a quarter lost, LSR = our SR, no delay since.
      ReportBlock block =
          new ReportBlock(ourSsrc, 64, 3, 0, 0, NtpTime.middle32(ours.ntpTimestamp()), 0);
      len = RtcpWriter.write(new ReceiverReport(0x5555, List.of(block)), buf, 0);
      peer.send(java.util.Arrays.copyOf(buf, len));
      await().atMost(Duration.ofSeconds(10)).until(() -> !Double.isNaN(s.quality().rttMillis()));
      assertThat(s.quality().rttMillis()).isBetween(0.0, 10_000.0);
      assertThat(s.quality().remoteLossPercent()).isEqualTo(25.0);
      assertThat(s.quality().packetsIn()).isEqualTo(20);
      assertThat(s.quality().lossPercent()).isZero();
      assertThat(fx.meters.get("oavc_media_rtt_milliseconds").summary().count()).isPositive();
    }
  }

  /** A far end's RTCP BYE reaches onRemoteGoodbye: how an outbound call sees a hang-up (17). */
  @Test
  void remoteByeIsReported() throws Exception {
    RtpSession s = fx.open(fx.options().setRtcpIntervalMillis(300));
    java.util.concurrent.atomic.AtomicInteger byes =
        new java.util.concurrent.atomic.AtomicInteger();
    s.onRemoteGoodbye(byes::incrementAndGet);
    try (RtpPeer peer = new RtpPeer(s.localPort(), 0x7777)) {
      SessionFixture.await(
          s.applyAsync(negotiation(PCMU, MediaDirection.SENDRECV, peer.address(), true)));
      for (int i = 0; i < 10; i++) {
        peer.send(peer.next(0, 160, new byte[160]));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> s.packetsReceived() == 10);
      byte[] buf = new byte[200];
      int len = RtcpWriter.writeCompound(List.of(new ReceiverReport(0x7777, List.of())), buf, 0);
      peer.send(java.util.Arrays.copyOf(buf, len)); // a report alone is no goodbye
      await().atMost(Duration.ofSeconds(10)).until(() -> rtcpIn() == 1);
      assertThat(byes.get()).isZero();
      peer.send(goodbye(0x7777));
      await().atMost(Duration.ofSeconds(10)).until(() -> byes.get() == 1);
    }
  }

  /**
   * A placed call's ports are reserved (as a pair) before OpenSIPS names the call: its port + 1 is
   * still bound, and the callee's RTCP BYE there reaches onRemoteGoodbye (the bench found it never
   * did when port + 1 had to be owned by the call's key).
   */
  @Test
  void portPlusOneReservedBeforeTheCallHadItsKeyStillCarriesTheCalleesBye() throws Exception {
    int port = SessionFixture.freeEvenPortPair();
    var pool = new org.oavc.connector.media.port.LocalPortPool(port, port + 1);
    assertThat(SessionFixture.await(pool.acquire("outbound", true))).isEqualTo(port);
    RtpSession s =
        (RtpSession)
            SessionFixture.await(
                org.oavc.connector.media.session.RtpSessions.factory(
                        fx.vertx, fx.options().setRtcpIntervalMillis(300).setPortPool(pool))
                    .open("B2B.placed.1", port));
    java.util.concurrent.atomic.AtomicInteger byes =
        new java.util.concurrent.atomic.AtomicInteger();
    s.onRemoteGoodbye(byes::incrementAndGet);
    int peerPort = SessionFixture.freeEvenPortPair();
    try (RtpPeer peer = new RtpPeer(peerPort, s.localPort(), 0x5555);
        RtpPeer peerRtcp = new RtpPeer(peerPort + 1, s.localPort() + 1, 0x5555)) {
      SessionFixture.await(
          s.applyAsync(negotiation(PCMU, MediaDirection.SENDRECV, peer.address(), false)));
      peer.send(peer.next(0, 160, new byte[160])); // latches the peer's host
      await().atMost(Duration.ofSeconds(10)).until(() -> s.packetsReceived() == 1);
      peerRtcp.send(goodbye(0x5555)); // to our port + 1
      await().atMost(Duration.ofSeconds(10)).until(() -> byes.get() == 1);
    } finally {
      s.close();
    }
  }

  @Test
  void withoutMuxRtcpUsesPortPlusOneBothWays() throws Exception {
    RtpSession s = fx.open(fx.options().setRtcpIntervalMillis(300));
    int peerPort = SessionFixture.freeEvenPortPair();
    try (RtpPeer peer = new RtpPeer(peerPort, s.localPort(), 0x6666);
        RtpPeer peerRtcp = new RtpPeer(peerPort + 1, s.localPort() + 1, 0x6666)) {
      SessionFixture.await(
          s.applyAsync(negotiation(PCMU, MediaDirection.SENDRECV, peer.address(), false)));
      int ourSsrc = peer.receiveRtp().rtp().ssrc();
      List<RtcpPacket> compound = nextRtcp(peerRtcp);
      assertThat(((SenderReport) compound.get(0)).ssrc()).isEqualTo(ourSsrc);

      ReportBlock block = new ReportBlock(ourSsrc, 0, 0, 0, 0, 0, 0);
      byte[] buf = new byte[100];
      int len = RtcpWriter.write(new ReceiverReport(0x6666, List.of(block)), buf, 0);
      peerRtcp.send(java.util.Arrays.copyOf(buf, len)); // to our port + 1
      await().atMost(Duration.ofSeconds(10)).until(() -> rtcpIn() == 1);
      assertThat(s.quality().remoteLossPercent()).isZero();
    }
  }

  /** A receiver report and a BYE from {@code ssrc}, as a compound packet. */
  private static byte[] goodbye(int ssrc) {
    byte[] buf = new byte[200];
    int len =
        RtcpWriter.writeCompound(
            List.of(
                new ReceiverReport(ssrc, List.of()),
                new org.oavc.connector.media.rtcp.Goodbye(List.of(ssrc), "bye")),
            buf,
            0);
    return java.util.Arrays.copyOf(buf, len);
  }

  private double rtcpIn() {
    return fx.meters.get("oavc_media_rtcp_packets_total").tag("direction", "in").counter().count();
  }
}
