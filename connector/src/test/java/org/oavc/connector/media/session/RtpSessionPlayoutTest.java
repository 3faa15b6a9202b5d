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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oavc.common.audio.G711;
import org.oavc.connector.media.session.RtpPeer.Received;
import org.oavc.connector.media.session.impl.RtpSession;
import org.oavc.connector.sdp.MediaDirection;

/**
 * The playout tap and the queue depth: the tap must carry exactly what left the socket at each tick
 * (checked against the caller's received packets), and nothing while we do not send.
 */
class RtpSessionPlayoutTest {
  private final SessionFixture fx = new SessionFixture();
  private RtpSession session;
  private RtpPeer peer;

  @BeforeEach
  void open() throws Exception {
    session = fx.open(fx.options());
    peer = new RtpPeer(session.localPort(), 0x5151);
  }

  @AfterEach
  void tearDown() throws Exception {
    peer.close();
    fx.close();
  }

  private void answer(MediaDirection ours) throws Exception {
    SessionFixture.await(session.applyAsync(negotiation(PCMU, ours, peer.address(), true)));
  }

  static byte[] ulaw(short[] pcm) {
    byte[] out = new byte[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      out[i] = G711.linearToUlaw(pcm[i]);
    }
    return out;
  }

  private static double rms(short[] pcm) {
    double sum = 0;
    for (short s : pcm) {
      sum += (double) s * s;
    }
    return Math.sqrt(sum / Math.max(1, pcm.length));
  }

  @Test
  void tapCarriesExactlyTheFramesThatWentOutInSendOrder() throws Exception {
    List<short[]> tapped = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    // Before answering: the tap sees the stream from its very first packet on.
    session.onPlayout(
        8000,
        (pcm, rate) -> {
          assertThat(rate).isEqualTo(8000);
          tapped.add(pcm);
          threads.add(Thread.currentThread());
        });
    answer(MediaDirection.SENDRECV);
    List<Received> received = new ArrayList<>();
    received.add(peer.receiveRtp());
    received.add(peer.receiveRtp());
    session.play(RtpSessionReceiveTest.tone(8000, 0, 8000 * 3 / 10), 8000); // 300 ms: 15 frames
    while (received.size() < 40) {
      received.add(peer.receiveRtp());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> tapped.size() >= 40);
    int speech = 0;
    for (int i = 0; i < 40; i++) {
      short[] frame = tapped.get(i);
      assertThat(frame).hasSize(160);
      // What the tap saw, encoded, is byte for byte what the caller got at that position.
      assertThat(ulaw(frame)).as("frame %d", i).isEqualTo(received.get(i).payload());
      if (rms(frame) > 1000) {
        speech++;
      }
    }
    assertThat(speech).isEqualTo(15);
    assertThat(threads.stream().distinct().count()).isEqualTo(1); // one sending thread, in order
  }

  @Test
  void tapResamplesToTheRateAskedForAndSeesSilenceAsZeros() throws Exception {
    List<short[]> tapped = new CopyOnWriteArrayList<>();
    answer(MediaDirection.SENDRECV);
    session.onPlayout(16000, (pcm, rate) -> tapped.add(pcm));
    await().atMost(Duration.ofSeconds(10)).until(() -> tapped.size() >= 3);
    assertThat(tapped.get(0)).hasSize(320).containsOnly((short) 0);
    session.play(RtpSessionReceiveTest.tone(16000, 0, 16000), 16000); // 1 s at 16 kHz
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> tapped.stream().filter(f -> rms(f) > 1000).count() >= 40);
    List<short[]> snapshot = List.copyOf(tapped); // the tap keeps appending meanwhile
    // A rational 1:2 resampler emits exactly twice the input: 320 samples per 20 ms frame.
    assertThat(snapshot).allSatisfy(f -> assertThat(f).hasSize(320));
    session.onPlayout(16000, null);
    int frozen = tapped.size();
    peer.receiveRtp();
    peer.receiveRtp();
    assertThat(tapped.size()).isLessThanOrEqualTo(frozen + 1); // at most one tick was in flight
  }

  @Test
  void nothingIsTappedWhileOnHoldAndQueuedMillisCountsWhatWaits() throws Exception {
    List<short[]> tapped = new CopyOnWriteArrayList<>();
    session.onPlayout(8000, (pcm, rate) -> tapped.add(pcm));
    answer(MediaDirection.RECVONLY); // held by the caller: the clock runs, nothing goes out
    assertThat(session.queuedMillis()).isZero();
    // 10 010 ms (500 frames + 10 ms): long enough that a stalled test thread still sees some left.
    session.play(RtpSessionReceiveTest.tone(8000, 0, 80080), 8000);
    assertThat(session.queuedMillis()).isEqualTo(10010);
    assertThat(peer.receive(300)).isNull();
    assertThat(tapped).isEmpty();
    assertThat(session.queuedMillis()).isEqualTo(10010); // held audio is not consumed
    answer(MediaDirection.SENDRECV);
    await().atMost(Duration.ofSeconds(10)).until(() -> tapped.size() >= 5);
    assertThat(session.queuedMillis())
        .as("after %d frames", tapped.size())
        .isLessThan(10010)
        .isPositive();
    session.flush();
    assertThat(session.queuedMillis()).isZero();
  }

  @Test
  void aFailingTapDoesNotStopTheStream() throws Exception {
    session.onPlayout(
        8000,
        (pcm, rate) -> {
          throw new IllegalStateException("consumer bug");
        });
    answer(MediaDirection.SENDRECV);
    Received prev = peer.receiveRtp();
    for (int i = 0; i < 5; i++) {
      Received r = peer.receiveRtp();
      assertThat(r.rtp().sequenceNumber()).isEqualTo((prev.rtp().sequenceNumber() + 1) & 0xFFFF);
      prev = r;
    }
  }
}
