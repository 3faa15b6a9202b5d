package org.oavc.connector.media.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oavc.connector.media.session.SessionFixture.PCMU;
import static org.oavc.connector.media.session.SessionFixture.negotiation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.MeterTotals;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.AudioCodecs;
import org.oavc.connector.media.rtcp.ReceiverReport;
import org.oavc.connector.media.rtcp.ReportBlock;
import org.oavc.connector.media.rtcp.RtcpWriter;
import org.oavc.connector.media.session.impl.RtpSession;
import org.oavc.connector.sdp.MediaDirection;

/**
 * Who a session takes media from and sends it to, over real loopback sockets: the caller on
 * 127.0.0.1, an attacker on 127.0.0.2 spraying the port ("RTP bleed"). In every attack the attacker
 * receives none of our packets and none of its audio reaches the consumer (the AI): the caller
 * speaks silence, the attacker a loud tone, and the frames handed upward are counted.
 */
class RtpSessionLatchTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int CALLER_SSRC = 0x1234;
  private static final int ATTACKER_SSRC = 0x6666;

  private final SessionFixture fx = new SessionFixture();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final AudioCodec encoder = AudioCodecs.create("PCMU", 8000, 1);
  private final AtomicLong framesUp = new AtomicLong();
  private final AtomicLong loudFramesUp = new AtomicLong();
  private int toneFrame;

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    fx.close();
  }

  private RtpSession open(RtpSessionOptions options) throws Exception {
    RtpSession s = fx.open(options.setRtcpIntervalMillis(200));
    closeables.add(() -> SessionFixture.await(s.close()));
    s.onAudio(
        8000,
        (pcm, rate) -> {
          framesUp.incrementAndGet();
          if (RtpSessionReceiveTest.rms(pcm, 0, pcm.length) > 1000) {
            loudFramesUp.incrementAndGet();
          }
        });
    return s;
  }

  private RtpPeer peer(InetAddress host, int localPort, int targetPort, int ssrc) throws Exception {
    RtpPeer p = new RtpPeer(host, localPort, targetPort, ssrc);
    closeables.add(p);
    return p;
  }

  private RtpPeer caller(int targetPort) throws Exception {
    return peer(InetAddress.getLoopbackAddress(), 0, targetPort, CALLER_SSRC);
  }

  private RtpPeer attacker(int targetPort, int ssrc) throws Exception {
    return peer(InetAddress.getByName("127.0.0.2"), 0, targetPort, ssrc);
  }

  /** A caller whose SDP address is its socket, latched after its first packets. */
  private RtpPeer latchedCaller(RtpSession s) throws Exception {
    RtpPeer caller = caller(s.localPort());
    SessionFixture.await(
        s.applyAsync(negotiation(PCMU, MediaDirection.SENDRECV, caller.address(), true)));
    send(caller, 5, false);
    await().atMost(WAIT).until(() -> caller.address().equals(s.latchedSource()));
    return caller;
  }

  /** {@code n} packets of the peer's stream: silence, or a loud tone. */
  private void send(RtpPeer peer, int n, boolean loud) throws Exception {
    for (int i = 0; i < n; i++) {
      short[] pcm = loud ? RtpSessionReceiveTest.tone(8000, toneFrame++, 160) : new short[160];
      peer.send(peer.next(0, 160, encoder.encode(pcm, 0, 160)));
    }
  }

  /** A receiver report on our stream claiming it all lost: believed, it would show as 99.6 %. */
  private static byte[] forgedReport(int reporterSsrc, int ourSsrc) {
    byte[] buf = new byte[100];
    ReportBlock allLost = new ReportBlock(ourSsrc, 255, 5000, 0, 0, 0, 0);
    int len = RtcpWriter.write(new ReceiverReport(reporterSsrc, List.of(allLost)), buf, 0);
    return java.util.Arrays.copyOf(buf, len);
  }

  private double dropped(String reason) {
    return MeterTotals.total(fx.meters, "oavc_media_rtp_dropped_total", "reason", reason);
  }

  /** Reads {@code n} more of our RTP packets at {@code peer}: our stream keeps going there. */
  private static void receives(RtpPeer peer, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      peer.receiveRtp();
    }
  }

  @Test
  void anAttackerBeforeTheCallerGetsNothingAndInjectsNothing() throws Exception {
    RtpSession s = open(fx.options());
    RtpPeer caller = caller(s.localPort());
    RtpPeer attacker = attacker(s.localPort(), ATTACKER_SSRC);
    SessionFixture.await(
        s.applyAsync(negotiation(PCMU, MediaDirection.SENDRECV, caller.address(), false)));
    int ourSsrc = caller.receiveRtp().rtp().ssrc(); // we send to the SDP address from the answer

    // The attacker sprays a steady stream and forged RTCP (muxed and on port + 1) first.
    send(attacker, 50, true);
    byte[] forged = forgedReport(ATTACKER_SSRC, ourSsrc);
    attacker.send(forged);
    attacker.sendTo(forged, s.localPort() + 1);
    await().atMost(WAIT).until(() -> dropped("unlatched_source") == 50);
    await().atMost(WAIT).until(() -> dropped("rtcp_source") == 2);
    assertThat(s.latchedSource()).isNull();

    send(caller, 30, false);
    await().atMost(WAIT).until(() -> s.packetsReceived() == 30);
    assertThat(s.latchedSource()).isEqualTo(caller.address());
    receives(caller, 25);

    assertThat(attacker.drained()).as("our packets at the attacker").isZero();
    await().atMost(WAIT).until(() -> framesUp.get() >= 30);
    assertThat(loudFramesUp.get()).as("attacker audio handed upward").isZero();
    assertThat(s.quality().voicedFramesIn()).isZero();
    assertThat(s.quality().remoteLossPercent()).isNaN();
    assertThat(s.packetsInvalid()).isEqualTo(52);
  }

  @Test
  void anAttackersBurstMidCallNeitherTakesTheMediaNorIsHeard() throws Exception {
    RtpSession s = open(fx.options());
    RtpPeer caller = latchedCaller(s);

    // A blind attacker with a stream of its own, and one that even learned the caller's SSRC: the
    // caller is talking, so neither takes over however long the burst.
    RtpPeer blind = attacker(s.localPort(), ATTACKER_SSRC);
    RtpPeer sniffer = attacker(s.localPort(), CALLER_SSRC);
    for (int round = 0; round < 5; round++) {
      send(caller, 2, false);
      send(blind, 10, true);
      send(sniffer, 10, true);
    }
    await().atMost(WAIT).until(() -> s.packetsReceived() == 15 && s.packetsInvalid() == 100);
    assertThat(dropped("ssrc")).isEqualTo(50);
    assertThat(dropped("unlatched_source")).isEqualTo(50);
    assertThat(s.latchedSource()).isEqualTo(caller.address());

    caller.drain();
    receives(caller, 25);
    assertThat(blind.drained() + sniffer.drained()).as("our packets at the attackers").isZero();
    assertThat(loudFramesUp.get()).as("attacker audio handed upward").isZero();
    assertThat(s.quality().voicedFramesIn()).isZero();
  }

  @Test
  void aCallerBehindNatIsFollowedAndALaterAttackerIsNot() throws Exception {
    RtpSession s = open(fx.options());
    int callerPort = SessionFixture.freeEvenPortPair();
    RtpPeer caller = peer(InetAddress.getLoopbackAddress(), callerPort, s.localPort(), CALLER_SSRC);
    RtpPeer callerRtcp =
        peer(InetAddress.getLoopbackAddress(), callerPort + 1, s.localPort() + 1, CALLER_SSRC);
    // The caller's SDP names its private address; its packets come from the NAT (127.0.0.1).
    InetSocketAddress sdp = new InetSocketAddress("10.0.0.5", 40000);
    SessionFixture.await(s.applyAsync(negotiation(PCMU, MediaDirection.SENDRECV, sdp, false)));

    send(caller, 10, true); // three in a row latch (the fixture's threshold)
    await().atMost(WAIT).until(() -> caller.address().equals(s.latchedSource()));
    await().atMost(WAIT).until(() -> s.packetsReceived() == 8);
    assertThat(dropped("unlatched_source")).isEqualTo(2);
    int ourSsrc = caller.receiveRtp().rtp().ssrc();
    await().atMost(WAIT).until(() -> loudFramesUp.get() > 0);

    // Its RTCP comes from the NAT's next port: accepted, and ours goes back there.
    byte[] report = new byte[100];
    int len =
        RtcpWriter.write(
            new ReceiverReport(CALLER_SSRC, List.of(new ReportBlock(ourSsrc, 0, 0, 0, 0, 0, 0))),
            report,
            0);
    callerRtcp.send(java.util.Arrays.copyOf(report, len));
    await().atMost(WAIT).until(() -> !Double.isNaN(s.quality().remoteLossPercent()));
    assertThat(RtpSessionRtcpTest.nextRtcp(callerRtcp))
        .isNotEmpty(); // not to 10.0.0.5: the NAT's port + 1

    RtpPeer attacker = attacker(s.localPort(), ATTACKER_SSRC);
    for (int round = 0; round < 5; round++) {
      send(caller, 2, false);
      send(attacker, 10, true);
    }
    await().atMost(WAIT).until(() -> s.packetsReceived() == 18);
    await().atMost(WAIT).until(() -> dropped("ssrc") == 50);
    caller.drain();
    receives(caller, 25);
    assertThat(attacker.drained()).as("our packets at the attacker").isZero();
    assertThat(s.latchedSource()).isEqualTo(caller.address());
    // Audible frames decoded: the caller's 8 tone packets at most, none of the attacker's 50.
    assertThat(s.quality().voicedFramesIn()).isBetween(1L, 8L);
  }

  @Test
  void aReInviteWithANewAddressMovesOurMediaAtOnce() throws Exception {
    RtpSession s = open(fx.options());
    RtpPeer before = latchedCaller(s);

    RtpPeer after = caller(s.localPort());
    SessionFixture.await(
        s.applyAsync(negotiation(PCMU, MediaDirection.SENDRECV, after.address(), true)));
    after.receiveRtp(); // before it sent anything
    before.drain();
    // The old address keeps sending (a late stream): refused, and it hears nothing more.
    send(before, 10, true);
    await().atMost(WAIT).until(() -> dropped("unlatched_source") == 10);
    receives(after, 25);
    assertThat(before.drained()).isZero();
    send(after, 5, false);
    await().atMost(WAIT).until(() -> after.address().equals(s.latchedSource()));
    assertThat(s.packetsReceived()).isEqualTo(10);
    assertThat(loudFramesUp.get()).isZero();
  }

  @Test
  void aNatRebindingIsFollowedOnceTheOldSourceIsSilent() throws Exception {
    RtpSession s = open(fx.options().setRelatchSilenceMillis(300));
    RtpPeer caller = latchedCaller(s);

    // The same stream from a new port while the old one still speaks: not yet.
    RtpPeer rebound = caller(s.localPort());
    for (int i = 0; i < 5; i++) {
      send(caller, 1, false);
      send(rebound, 1, false);
    }
    await().atMost(WAIT).until(() -> dropped("unlatched_source") == 5);
    assertThat(s.latchedSource()).isEqualTo(caller.address());

    // The old port falls silent; the new one keeps its 20 ms pace until media follows it.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!rebound.address().equals(s.latchedSource()) && System.nanoTime() < deadline) {
      send(rebound, 1, false);
      Thread.sleep(20);
    }
    assertThat(s.latchedSource()).isEqualTo(rebound.address());
    rebound.drain();
    receives(rebound, 5);
    assertThat(MeterTotals.total(fx.meters, "oavc_media_rtp_relatches_total")).isEqualTo(1);
  }
}
