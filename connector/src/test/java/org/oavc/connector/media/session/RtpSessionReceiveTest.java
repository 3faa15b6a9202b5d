package org.oavc.connector.media.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oavc.connector.media.session.SessionFixture.G722;
import static org.oavc.connector.media.session.SessionFixture.PCMU;
import static org.oavc.connector.media.session.SessionFixture.negotiation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.AudioCodecs;
import org.oavc.connector.media.dtmf.DtmfDigit;
import org.oavc.connector.media.dtmf.TelephoneEvent;
import org.oavc.connector.media.session.impl.RtpSession;
import org.oavc.connector.sdp.Codec;
import org.oavc.connector.sdp.MediaDirection;

/**
 * The caller's stream into a session over real loopback sockets: decode, DTMF, garbage. Whose
 * stream is taken: {@link RtpSessionLatchTest}.
 */
class RtpSessionReceiveTest {
  private final SessionFixture fx = new SessionFixture();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    fx.close();
  }

  private RtpPeer peer(RtpSession s, int ssrc) throws Exception {
    RtpPeer p = new RtpPeer(s.localPort(), ssrc);
    closeables.add(p);
    return p;
  }

  private RtpSession session(Codec codec, RtpPeer[] holder) throws Exception {
    RtpSession s = fx.open(fx.options());
    holder[0] = peer(s, 0x1234);
    SessionFixture.await(
        s.applyAsync(negotiation(codec, MediaDirection.SENDRECV, holder[0].address(), true)));
    return s;
  }

  /** 20 ms frames of a 400 Hz tone at {@code rate}. */
  static short[] tone(int rate, int frame, int samples) {
    short[] pcm = new short[samples];
    for (int i = 0; i < samples; i++) {
      pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 400 * (frame * samples + i) / rate));
    }
    return pcm;
  }

  /** Sends 50 frames of a tone with a swap, a duplicate and one lost packet. */
  private List<byte[]> toneStream(RtpPeer peer, Codec codec) {
    AudioCodec enc = AudioCodecs.create(codec.name(), codec.clockRate(), 1);
    int samples = enc.samplesPerFrame(20);
    List<byte[]> packets = new ArrayList<>();
    for (int f = 0; f < 50; f++) {
      packets.add(
          peer.next(
              codec.payloadType(),
              160,
              enc.encode(tone(enc.sampleRate(), f, samples), 0, samples)));
    }
    byte[] third = packets.get(3);
    packets.set(3, packets.get(4)); // reordered
    packets.set(4, third);
    packets.add(10, packets.get(9)); // duplicate
    packets.remove(20); // lost
    return packets;
  }

  private void decodesToneAtRequestedRate(Codec codec, int sinkRate) throws Exception {
    RtpPeer[] peer = new RtpPeer[1];
    RtpSession s = session(codec, peer);
    List<short[]> frames = new CopyOnWriteArrayList<>();
    List<Integer> rates = new CopyOnWriteArrayList<>();
    s.onAudio(
        sinkRate,
        (pcm, rate) -> {
          frames.add(pcm);
          rates.add(rate);
        });
    for (byte[] p : toneStream(peer[0], codec)) {
      peer[0].send(p);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> s.packetsReceived() >= 49);
    await().atMost(Duration.ofSeconds(10)).until(() -> loudFrames(frames) >= 40);
    // 49 distinct packets sent; one played late or concealed at most besides the lost one.
    await().atMost(Duration.ofSeconds(10)).until(() -> s.quality().voicedFramesIn() >= 47);
    assertThat(s.quality().voicedFramesIn()).isLessThanOrEqualTo(49);
    assertThat(rates).containsOnly(sinkRate);
    assertThat(frames)
        .allSatisfy(f -> assertThat(f.length).isBetween(sinkRate / 50 - 2, sinkRate / 50 + 2));
    // The tone survives decoding and resampling: about 400 Hz in zero crossings of a loud stretch.
    short[] joined = join(frames);
    int start = firstLoud(joined);
    int crossings = 0;
    int window = sinkRate / 2;
    for (int i = start + 1; i < start + window; i++) {
      if ((joined[i - 1] < 0) != (joined[i] < 0)) {
        crossings++;
      }
    }
    assertThat(crossings).isBetween(2 * 200 - 30, 2 * 200 + 30);
  }

  @Test
  void pcmuToneArrivesAsSixteenKilohertzPcm() throws Exception {
    decodesToneAtRequestedRate(PCMU, 16000);
  }

  @Test
  void g722ToneArrivesAsTwentyFourKilohertzPcm() throws Exception {
    decodesToneAtRequestedRate(G722, 24000);
  }

  private static long loudFrames(List<short[]> frames) {
    return frames.stream().filter(f -> rms(f, 0, f.length) > 1000).count();
  }

  static double rms(short[] a, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) a[i] * a[i];
    }
    return to > from ? Math.sqrt(sum / (to - from)) : 0;
  }

  private static short[] join(List<short[]> growing) {
    List<short[]> frames = List.copyOf(growing); // play-out goes on meanwhile: size and copy agree
    short[] all = new short[frames.stream().mapToInt(f -> f.length).sum()];
    int p = 0;
    for (short[] f : frames) {
      System.arraycopy(f, 0, all, p, f.length);
      p += f.length;
    }
    return all;
  }

  private static int firstLoud(short[] a) {
    for (int i = 0; i + 320 < a.length; i += 160) {
      if (rms(a, i, i + 320) > 3000) {
        return i + 320;
      }
    }
    throw new AssertionError("no tone in the decoded audio");
  }

  @Test
  void telephoneEventsBecomeOneDigitEach() throws Exception {
    RtpPeer[] peer = new RtpPeer[1];
    RtpSession s = session(PCMU, peer);
    List<DtmfDigit> digits = new CopyOnWriteArrayList<>();
    s.onDtmf(digits::add);
    byte[] event = new byte[4];
    int ts = 80_000;
    for (char digit : new char[] {'5', '#'}) {
      int code = TelephoneEvent.eventOf(digit);
      for (int d = 160; d <= 800; d += 160) {
        new TelephoneEvent(code, false, 10, d).write(event, 0);
        peer[0].send(peer[0].packet(SessionFixture.TELEPHONE_EVENT, ts / 160, ts, d == 160, event));
      }
      for (int i = 0; i < 3; i++) { // the end packet, sent three times
        new TelephoneEvent(code, true, 10, 960).write(event, 0);
        peer[0].send(
            peer[0].packet(SessionFixture.TELEPHONE_EVENT, ts / 160 + 5 + i, ts, false, event));
      }
      ts += 2000;
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> digits.size() >= 2);
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('5', '#');
    assertThat(digits).allSatisfy(d -> assertThat(d.endSeen()).isTrue());
    assertThat(digits.get(0).durationMillis()).isEqualTo(120);
  }

  @Test
  void anEmptyDatagramDoesNotStopReception() throws Exception {
    RtpPeer[] holder = new RtpPeer[1];
    RtpSession s = session(PCMU, holder);
    RtpPeer peer = holder[0];
    peer.send(new byte[0]);
    for (int i = 0; i < 3; i++) {
      peer.send(peer.next(0, 160, new byte[160]));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(s.packetsReceived()).isEqualTo(3));
  }

  @Test
  void garbageNeverBreaksTheSession() throws Exception {
    RtpPeer[] holder = new RtpPeer[1];
    RtpSession s = session(PCMU, holder);
    RtpPeer peer = holder[0];
    Random random = new Random(42);
    byte[] valid = peer.next(0, 160, new byte[160]);
    int garbage = 0;
    for (int i = 0; i < 300; i++) {
      byte[] junk = new byte[random.nextInt(200)];
      random.nextBytes(junk);
      if (i % 3 == 0) {
        junk = java.util.Arrays.copyOf(valid, random.nextInt(12)); // truncated header
      } else if (i % 3 == 1 && junk.length > 1) {
        junk[0] = (byte) 0x80;
        junk[1] = (byte) (200 + random.nextInt(5)); // looks like RTCP, is not
      } else if (junk.length > 0) {
        junk[0] = (byte) (junk[0] & 0x3F); // version 0
      }
      peer.send(junk);
      garbage++;
      if (garbage % 20 == 0) {
        // Bursts of 20, so a small socket receive buffer on a loaded machine loses none.
        int sent = garbage;
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> s.packetsInvalid() + rtcpDatagrams() >= sent);
      }
    }
    for (int i = 0; i < 5; i++) {
      peer.send(peer.next(0, 160, new byte[160]));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(s.packetsReceived()).isEqualTo(5));
    // Every datagram is accounted for: dropped as garbage RTP or as malformed RTCP.
    assertThat(s.packetsInvalid() + rtcpDatagrams()).isEqualTo(garbage);
    assertThat(
            fx.meters
                .get("oavc_media_rtp_dropped_total")
                .tag("reason", "malformed")
                .counter()
                .count())
        .isEqualTo(s.packetsInvalid());
    assertThat(s.lastPacketNanos()).isPositive();
  }

  /** RTCP look-alikes: counted as malformed RTCP (or, if one happens to parse, as RTCP in). */
  private long rtcpDatagrams() {
    return (long)
        (fx.meters.get("oavc_media_rtcp_malformed_total").counter().count()
            + fx.meters
                .get("oavc_media_rtcp_packets_total")
                .tag("direction", "in")
                .counter()
                .count());
  }
}
