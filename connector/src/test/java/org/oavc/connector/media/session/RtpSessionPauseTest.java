package org.oavc.connector.media.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oavc.connector.media.session.RtpSessionPlayoutTest.ulaw;
import static org.oavc.connector.media.session.SessionFixture.PCMU;
import static org.oavc.connector.media.session.SessionFixture.negotiation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.media.session.RtpPeer.Received;
import org.oavc.connector.media.session.impl.RtpSession;
import org.oavc.connector.sdp.MediaDirection;

/**
 * Pause and resume of our stream (the onset of a possible barge-in): silence goes out while the
 * queued audio is held, then the held audio follows frame for frame, with no gap in sequence
 * numbers or timestamps, nothing lost and nothing sent twice.
 */
class RtpSessionPauseTest {
  private static final int FRAME = 160;
  private static final byte SILENT = (byte) 0xFF; // PCMU encodes 0 as 0xFF

  private final SessionFixture fx = new SessionFixture();
  private RtpSession session;
  private RtpPeer peer;

  @BeforeEach
  void open() throws Exception {
    session = fx.open(fx.options());
    peer = new RtpPeer(session.localPort(), 0x7070);
    SessionFixture.await(
        session.applyAsync(negotiation(PCMU, MediaDirection.SENDRECV, peer.address(), true)));
  }

  @AfterEach
  void tearDown() throws Exception {
    peer.close();
    fx.close();
  }

  /**
   * Frame {@code i}: its first 5(i+1) samples loud, the rest quieter; every frame encodes
   * differently.
   */
  private static short[] numberedFrame(int i) {
    short[] pcm = new short[FRAME];
    Arrays.fill(pcm, (short) 1000);
    Arrays.fill(pcm, 0, Math.min(FRAME, 5 * (i + 1)), (short) 8000);
    return pcm;
  }

  private static boolean isSilence(byte[] payload) {
    for (byte b : payload) {
      if (b != SILENT) {
        return false;
      }
    }
    return true;
  }

  private void playFrames(int from, int to) {
    for (int i = from; i < to; i++) {
      session.play(numberedFrame(i), 8000);
    }
  }

  @Test
  void pausedStreamSendsSilenceThenTheHeldAudioFollowsWithoutLossOrDuplication() throws Exception {
    List<short[]> tapped = new CopyOnWriteArrayList<>();
    session.onPlayout(8000, (pcm, rate) -> tapped.add(pcm));
    List<Received> received = new ArrayList<>();
    received.add(peer.receiveRtp());
    int seq0 = received.get(0).rtp().sequenceNumber();
    playFrames(0, 30);
    Received r;
    do {
      r = peer.receiveRtp();
      received.add(r);
    } while (isSilence(r.payload()));

    session.pause();
    long sentAtPause = session.packetsSent();
    int queuedAtPause = session.queuedMillis();
    assertThat(session.paused()).isTrue();
    playFrames(30, 35); // an answer that goes on arriving queues behind the held audio
    await().atMost(Duration.ofSeconds(10)).until(() -> session.packetsSent() >= sentAtPause + 10);
    // Held audio does not drain: exactly the 5 frames played meanwhile were added.
    assertThat(session.queuedMillis()).isEqualTo(queuedAtPause + 5 * 20);
    long sentAtResume = session.packetsSent();
    session.resume();
    while (received.size() < sentAtResume + 40) {
      received.add(peer.receiveRtp());
    }

    List<byte[]> voiced = new ArrayList<>();
    int silentWhilePaused = 0;
    for (int i = 0; i < received.size(); i++) {
      Received p = received.get(i);
      // Continuous numbering and timing across the pause: every packet is the next one.
      assertThat(p.rtp().sequenceNumber()).as("packet %d", i).isEqualTo((seq0 + i) & 0xFFFF);
      assertThat(p.rtp().timestamp() - received.get(0).rtp().timestamp())
          .as("packet %d", i)
          .isEqualTo(i * FRAME);
      long index = i + 1; // packets sent so far when this one left
      if (index > sentAtPause && index <= sentAtResume) {
        assertThat(isSilence(p.payload())).as("packet %d while paused", index).isTrue();
        silentWhilePaused++;
      }
      if (!isSilence(p.payload())) {
        voiced.add(p.payload());
      }
    }
    assertThat(silentWhilePaused).isEqualTo(sentAtResume - sentAtPause).isGreaterThanOrEqualTo(10);
    assertThat(voiced).hasSize(35);
    for (int i = 0; i < 35; i++) {
      assertThat(voiced.get(i)).as("voiced frame %d", i).isEqualTo(ulaw(numberedFrame(i)));
    }
    assertThat(session.queuedMillis()).isZero();
    // The tap saw zeros for the paused frames and each audio frame once.
    await().atMost(Duration.ofSeconds(10)).until(() -> tapped.size() >= received.size());
    assertThat(tapped.stream().filter(f -> f[0] != 0).count()).isEqualTo(35);
  }

  @Test
  void resumeAfterFlushPlaysOnlyWhatCameAfterTheFlush() throws Exception {
    peer.receiveRtp();
    playFrames(0, 50);
    session.pause();
    session.flush();
    assertThat(session.queuedMillis()).isZero();
    session.resume();
    assertThat(session.paused()).isFalse();
    playFrames(40, 42); // the next answer
    List<byte[]> voiced = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      byte[] p = peer.receiveRtp().payload();
      if (!isSilence(p)) {
        voiced.add(p);
      }
    }
    // The first frames may have left before pause() (the clock ticks meanwhile); the rest was
    // dropped, and the next answer follows.
    assertThat(voiced.size()).isBetween(2, 20);
    int early = voiced.size() - 2;
    for (int i = 0; i < early; i++) {
      assertThat(voiced.get(i))
          .as("frame %d sent before the pause", i)
          .isEqualTo(ulaw(numberedFrame(i)));
    }
    assertThat(voiced.subList(early, voiced.size()))
        .containsExactly(ulaw(numberedFrame(40)), ulaw(numberedFrame(41)));
  }
}
