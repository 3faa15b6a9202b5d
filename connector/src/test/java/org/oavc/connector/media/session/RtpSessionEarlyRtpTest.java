package org.oavc.connector.media.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oavc.connector.media.session.SessionFixture.PCMU;
import static org.oavc.connector.media.session.SessionFixture.negotiation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.AudioCodecs;
import org.oavc.connector.media.session.impl.RtpSession;
import org.oavc.connector.sdp.MediaDirection;
import org.oavc.connector.sdp.SdpNegotiation;

/**
 * The caller's first RTP packets, which follow our 200 OK at once: a session bound with its
 * negotiation judges the very first datagram by it, and datagrams that arrive before any
 * negotiation are held and judged once it is applied, instead of being counted invalid.
 */
class RtpSessionEarlyRtpTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final SessionFixture fx = new SessionFixture();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    fx.close();
  }

  private RtpPeer peer(int port) throws Exception {
    RtpPeer p = new RtpPeer(port, 0x5150);
    closeables.add(p);
    return p;
  }

  private static byte[] toneFrame(RtpPeer peer, AudioCodec encoder, int frame) {
    return peer.next(
        PCMU.payloadType(),
        160,
        encoder.encode(RtpSessionReceiveTest.tone(8000, frame, 160), 0, 160));
  }

  private RtpSession open(int port, SdpNegotiation n) throws Exception {
    RtpSession s =
        (RtpSession)
            SessionFixture.await(
                RtpSessions.factory(fx.vertx, fx.options()).open("call-" + port, port, n));
    closeables.add(() -> SessionFixture.await(s.close()));
    return s;
  }

  @Test
  void aSessionBoundWithItsNegotiationAcceptsTheFirstPackets() throws Exception {
    int port = SessionFixture.freeEvenPortPair();
    RtpPeer caller = peer(port);
    RtpSession s = open(port, negotiation(PCMU, MediaDirection.SENDRECV, caller.address(), true));
    AudioCodec encoder = AudioCodecs.create("PCMU", 8000, 1);
    List<short[]> frames = new CopyOnWriteArrayList<>();
    s.onAudio(16000, (pcm, rate) -> frames.add(pcm));
    for (int f = 0; f < 5; f++) {
      caller.send(toneFrame(caller, encoder, f)); // at once, before any further step of ours
    }
    await().atMost(WAIT).until(() -> s.packetsReceived() == 5);
    assertThat(s.packetsInvalid()).isZero();
    assertThat(s.earlyPacketsHeld()).isZero();
    assertThat(s.latchedSource()).isEqualTo(caller.address());
    // And the negotiation is in force on the send side too: our stream reaches the caller.
    assertThat(caller.receiveRtp().rtp().payloadType()).isEqualTo(PCMU.payloadType());
  }

  @Test
  void packetsBeforeTheNegotiationAreHeldThenJudgedByIt() throws Exception {
    int port = SessionFixture.freeEvenPortPair();
    RtpPeer caller = peer(port);
    RtpSession s = open(port, null);
    AudioCodec encoder = AudioCodecs.create("PCMU", 8000, 1);
    for (int f = 0; f < 9; f++) {
      caller.send(toneFrame(caller, encoder, f));
    }
    caller.send(caller.next(8, 160, new byte[160])); // PCMA: not what will be negotiated
    await().atMost(WAIT).until(() -> s.earlyPacketsHeld() == 10);
    assertThat(s.packetsReceived()).isZero();
    assertThat(s.packetsInvalid()).isZero();

    SessionFixture.await(
        s.applyAsync(negotiation(PCMU, MediaDirection.SENDRECV, caller.address(), true)));
    assertThat(s.earlyPacketsHeld()).isZero();
    assertThat(s.packetsReceived()).isEqualTo(9);
    assertThat(s.packetsInvalid()).isEqualTo(1);
  }

  @Test
  void theHoldIsBoundedAndWhatDoesNotFitIsJudgedAtOnce() throws Exception {
    int port = SessionFixture.freeEvenPortPair();
    RtpPeer caller = peer(port);
    RtpSession s = open(port, null);
    AudioCodec encoder = AudioCodecs.create("PCMU", 8000, 1);
    int sent = 60;
    for (int f = 0; f < sent; f++) {
      caller.send(toneFrame(caller, encoder, f));
    }
    // 50 held; the rest met a session without payload types and counted as invalid.
    await().atMost(WAIT).until(() -> s.earlyPacketsHeld() + s.packetsInvalid() == sent);
    assertThat(s.earlyPacketsHeld()).isEqualTo(50);

    SessionFixture.await(
        s.applyAsync(negotiation(PCMU, MediaDirection.SENDRECV, caller.address(), true)));
    assertThat(s.packetsReceived()).isEqualTo(50);
    assertThat(s.packetsInvalid()).isEqualTo(sent - 50);
  }
}
