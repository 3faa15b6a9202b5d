package org.oavc.connector.media.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oavc.connector.media.session.SessionFixture.PCMU;
import static org.oavc.connector.media.session.SessionFixture.negotiation;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.media.dtmf.DtmfDigit;
import org.oavc.connector.media.dtmf.DtmfReceiver;
import org.oavc.connector.media.rtcp.Goodbye;
import org.oavc.connector.media.rtcp.RtcpPacket;
import org.oavc.connector.media.rtcp.RtcpParser;
import org.oavc.connector.media.session.RtpPeer.Received;
import org.oavc.connector.media.session.impl.RtpSession;
import org.oavc.connector.sdp.MediaDirection;

/**
 * Our stream as the caller receives it on loopback: starts at once, continuous numbering, talkspurt
 * markers, flush, DTMF, direction, BYE and socket release on close. Order and continuity only:
 * pacing precision is measured by the benchmark.
 */
class RtpSessionSendTest {
  private final SessionFixture fx = new SessionFixture();
  private RtpSession session;
  private RtpPeer peer;

  @BeforeEach
  void open() throws Exception {
    session = fx.open(fx.options());
    peer = new RtpPeer(session.localPort(), 0x4321);
  }

  @AfterEach
  void tearDown() throws Exception {
    peer.close();
    fx.close();
  }

  private void answer(MediaDirection ours, InetSocketAddress remote) throws Exception {
    SessionFixture.await(session.applyAsync(negotiation(PCMU, ours, remote, true)));
  }

  private static boolean isSilence(Received r) {
    for (byte b : r.payload()) {
      if (b != (byte) 0xFF) { // PCMU encodes 0 as 0xFF
        return false;
      }
    }
    return true;
  }

  @Test
  void sendsComfortSilenceAtOnceWithContinuousNumbering() throws Exception {
    answer(MediaDirection.SENDRECV, peer.address()); // the caller has sent nothing yet
    Received first = peer.receiveRtp();
    assertThat(first.rtp().marker()).isTrue();
    assertThat(first.rtp().payloadType()).isEqualTo(0);
    assertThat(first.payload()).hasSize(160);
    assertThat(isSilence(first)).isTrue();
    Received prev = first;
    for (int i = 0; i < 30; i++) {
      Received r = peer.receiveRtp();
      assertThat(r.rtp().ssrc()).isEqualTo(first.rtp().ssrc());
      assertThat(r.rtp().sequenceNumber()).isEqualTo((prev.rtp().sequenceNumber() + 1) & 0xFFFF);
      assertThat(r.rtp().timestamp() - prev.rtp().timestamp()).isEqualTo(160);
      assertThat(r.rtp().marker()).isFalse();
      assertThat(isSilence(r)).isTrue();
      prev = r;
    }
  }

  @Test
  void eventLoopPacingKeepsTheStreamContinuousToo() throws Exception {
    continuousWith(fx.options().setEventLoopPacing(true));
  }

  @Test
  void groupedClockPacingKeepsTheStreamContinuousToo() throws Exception {
    continuousWith(fx.options().setGroupedPacing(true));
  }

  private void continuousWith(RtpSessionOptions options) throws Exception {
    RtpSession timed = fx.open(options);
    try (RtpPeer other = new RtpPeer(timed.localPort(), 0x7777)) {
      SessionFixture.await(
          timed.applyAsync(negotiation(PCMU, MediaDirection.SENDRECV, other.address(), true)));
      Received prev = other.receiveRtp();
      for (int i = 0; i < 20; i++) {
        Received r = other.receiveRtp();
        assertThat(r.rtp().sequenceNumber()).isEqualTo((prev.rtp().sequenceNumber() + 1) & 0xFFFF);
        assertThat(r.rtp().timestamp() - prev.rtp().timestamp()).isEqualTo(160);
        prev = r;
      }
      SessionFixture.await(timed.close());
    }
  }

  @Test
  void talkspurtStartsWithMarkerAndTimestampsStayContinuous() throws Exception {
    answer(MediaDirection.SENDRECV, peer.address());
    Received prev = peer.receiveRtp();
    session.play(RtpSessionReceiveTest.tone(16000, 0, 3200), 16000); // 200 ms at 16 kHz
    List<Received> speech = new ArrayList<>();
    boolean after = false;
    for (int i = 0; i < 200 && !after; i++) {
      Received r = peer.receiveRtp();
      assertThat(r.rtp().sequenceNumber()).isEqualTo((prev.rtp().sequenceNumber() + 1) & 0xFFFF);
      assertThat(r.rtp().timestamp() - prev.rtp().timestamp()).isEqualTo(160);
      if (!isSilence(r)) {
        speech.add(r);
      } else if (!speech.isEmpty()) {
        after = true;
        assertThat(r.rtp().marker()).isFalse();
      }
      prev = r;
    }
    assertThat(speech).hasSize(10);
    assertThat(speech.get(0).rtp().marker()).isTrue();
    assertThat(speech.subList(1, 10)).allSatisfy(r -> assertThat(r.rtp().marker()).isFalse());
  }

  @Test
  void flushDropsQueuedAudioFromTheNextFrameOn() throws Exception {
    answer(MediaDirection.SENDRECV, peer.address());
    int seq0 = peer.receiveRtp().rtp().sequenceNumber(); // the session's first packet: number 1
    session.play(RtpSessionReceiveTest.tone(8000, 0, 8000 * 3), 8000); // 3 s
    Received r;
    do {
      r = peer.receiveRtp();
    } while (isSilence(r));
    session.flush();
    long sentAtFlush = session.packetsSent();
    assertThat(session.queuedFrames()).isZero();
    // Every packet sent after flush() returned is silence; earlier ones may still be in flight.
    for (int i = 0; i < 20; i++) {
      r = peer.receiveRtp();
      long index = ((r.rtp().sequenceNumber() - seq0) & 0xFFFF) + 1;
      if (index > sentAtFlush) {
        assertThat(isSilence(r)).as("packet %d after flush at %d", index, sentAtFlush).isTrue();
      }
    }
  }

  @Test
  void sendsNothingWhileRecvonlyOrHeldAndResumesAfter() throws Exception {
    answer(MediaDirection.RECVONLY, peer.address());
    assertThat(peer.receive(600)).isNull();
    answer(
        MediaDirection.SENDRECV,
        new InetSocketAddress(InetAddress.getByName("0.0.0.0"), peer.address().getPort()));
    assertThat(peer.receive(600)).isNull();
    assertThat(session.packetsSent()).isZero();
    answer(MediaDirection.SENDRECV, peer.address());
    Received a = peer.receiveRtp();
    Received b = peer.receiveRtp();
    assertThat(b.rtp().sequenceNumber()).isEqualTo((a.rtp().sequenceNumber() + 1) & 0xFFFF);
  }

  @Test
  void dtmfGoesOutAsTelephoneEventsInTheSameSequenceSpace() throws Exception {
    answer(MediaDirection.SENDRECV, peer.address());
    Received prev = peer.receiveRtp();
    assertThat(session.sendDtmf('7')).isTrue();
    List<DtmfDigit> digits = new ArrayList<>();
    DtmfReceiver receiver = new DtmfReceiver(8000, digits::add);
    boolean markerSeen = false;
    for (int i = 0; i < 100 && digits.isEmpty(); i++) {
      Received r = peer.receiveRtp();
      assertThat(r.rtp().sequenceNumber()).isEqualTo((prev.rtp().sequenceNumber() + 1) & 0xFFFF);
      if (r.rtp().payloadType() == SessionFixture.TELEPHONE_EVENT) {
        markerSeen |= r.rtp().marker();
        receiver.onPacket(
            r.rtp().timestamp(),
            r.rtp().payloadBuffer(),
            r.rtp().payloadOffset(),
            r.rtp().payloadLength());
      }
      prev = r;
    }
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('7');
    assertThat(digits.get(0).durationMillis()).isEqualTo(120);
    assertThat(markerSeen).isTrue();
  }

  @Test
  void closeSendsByeAndReleasesThePort() throws Exception {
    answer(MediaDirection.SENDRECV, peer.address());
    int ssrc = peer.receiveRtp().rtp().ssrc();
    SessionFixture.await(session.close());
    boolean bye = false;
    for (Received r = peer.receive(5000); r != null && !bye; r = peer.receive(2000)) {
      if (r.isRtcp()) {
        List<RtcpPacket> packets = RtcpParser.parseCompound(r.data(), 0, r.data().length);
        bye = packets.stream().anyMatch(p -> p instanceof Goodbye g && g.ssrcs().contains(ssrc));
      }
    }
    assertThat(bye).isTrue();
    try (DatagramSocket again =
        new DatagramSocket(session.localPort(), InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(session.localPort());
    }
    long sent = session.packetsSent();
    assertThat(peer.receive(300)).isNull(); // nothing after close
    assertThat(session.packetsSent()).isEqualTo(sent);
  }
}
