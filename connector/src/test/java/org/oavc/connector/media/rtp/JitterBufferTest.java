package org.oavc.connector.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oavc.connector.media.rtp.JitterBuffer.Playout.CONCEAL;
import static org.oavc.connector.media.rtp.JitterBuffer.Playout.PACKET;
import static org.oavc.connector.media.rtp.JitterBuffer.Playout.SILENCE;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

class JitterBufferTest {
  private static final long FRAME_NANOS = 20_000_000L;

  /** Simulated network + pacer: packets arrive at given times, poll runs every 20 ms. */
  private static final class Sim {
    final JitterBuffer buffer;
    final PriorityQueue<long[]> arrivals =
        new PriorityQueue<>(
            (a, b) ->
                Long.compare(a[0], b[0]) != 0
                    ? Long.compare(a[0], b[0])
                    : Long.compare(a[3], b[3]));
    final List<String> played = new ArrayList<>();
    final List<JitterBuffer.Offer> offers = new ArrayList<>();
    final JitterFrame frame = new JitterFrame(1500);
    final RtpPacket packet = new RtpPacket();
    final byte[] payload = new byte[2];
    long order;
    long now;

    Sim(JitterBufferOptions options) {
      buffer = new JitterBuffer(options);
    }

    /** Packet with 16-bit {@code seq}, timestamp {@code ts}, arriving at {@code arrivalMs}. */
    void send(int seq, int ts, long arrivalMs) {
      arrivals.add(new long[] {arrivalMs * 1_000_000L, seq & 0xFFFF, ts, order++, 1});
    }

    /** A packet without an audio frame (telephone-event) in the same sequence space. */
    void sendEvent(int seq, int ts, long arrivalMs) {
      arrivals.add(new long[] {arrivalMs * 1_000_000L, seq & 0xFFFF, ts, order++, 0});
    }

    /**
     * Runs {@code ticks} pacer ticks, recording "seq" for packets, "~seq" concealed, "." silence.
     */
    void run(int ticks) {
      for (int t = 0; t < ticks; t++) {
        now += FRAME_NANOS;
        while (!arrivals.isEmpty() && arrivals.peek()[0] <= now) {
          long[] a = arrivals.poll();
          payload[0] = (byte) (a[1] >> 8);
          payload[1] = (byte) a[1];
          packet
              .clear()
              .setSequenceNumber((int) a[1])
              .setTimestamp((int) a[2])
              .setPayloadType(0)
              .setPayload(payload, 0, 2);
          offers.add(a[4] == 1 ? buffer.offer(packet, a[0]) : buffer.offerNonAudio(packet, a[0]));
        }
        JitterBuffer.Playout playout = buffer.poll(frame);
        if (playout == PACKET) {
          int seq = ((frame.payload()[0] & 0xFF) << 8) | (frame.payload()[1] & 0xFF);
          assertThat(frame.sequenceNumber()).isEqualTo(seq);
          assertThat(frame.length()).isEqualTo(2);
          played.add(Integer.toString(seq));
        } else if (playout == CONCEAL) {
          played.add("~" + frame.sequenceNumber());
        } else {
          played.add(".");
        }
      }
    }

    List<String> audible() {
      return played.stream().filter(s -> !s.equals(".")).toList();
    }
  }

  private static JitterBufferOptions options() {
    return new JitterBufferOptions()
        .setClockRate(8000)
        .setFrameMillis(20)
        .setMinDelayMillis(60)
        .setMaxDelayMillis(300);
  }

  private static List<String> seqs(int first, int count, int... missing) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int seq = (first + i) & 0xFFFF;
      boolean gap = false;
      for (int m : missing) {
        gap |= m == seq;
      }
      out.add(gap ? "~" + seq : Integer.toString(seq));
    }
    return out;
  }

  @Test
  void steadyStreamPlaysInOrderAfterTheInitialDelay() {
    Sim sim = new Sim(options());
    for (int i = 0; i < 50; i++) {
      sim.send(1000 + i, 160 * i, 20L * i + 5);
    }
    sim.run(45);
    assertThat(sim.buffer.targetDelayMillis()).isEqualTo(60);
    assertThat(sim.buffer.bufferedFrames()).isBetween(2, 3);
    sim.run(15);
    assertThat(sim.played.subList(0, 2)).containsOnly(".");
    assertThat(sim.audible().subList(0, 50)).isEqualTo(seqs(1000, 50));
    JitterBufferStats stats = sim.buffer.stats();
    assertThat(stats.received()).isEqualTo(50);
    assertThat(stats.played()).isEqualTo(50);
    assertThat(stats.lost()).isZero();
    assertThat(stats.jitterTimestampUnits()).isLessThan(1.0);
  }

  @Test
  void wrapAroundWithReorderLossDuplicatesAndLatePackets() {
    Sim sim = new Sim(options());
    int firstSeq = 65520;
    int firstTs = 0xFFFFFF00;
    for (int i = 0; i < 40; i++) {
      int seq = firstSeq + i;
      long arrival = 20L * i + 3;
      if (i == 10) {
        arrival += 25; // arrives after 11: reordered but in time
      }
      if (i == 15) {
        continue; // lost
      }
      if (i == 25) {
        arrival += 400; // far too late
      }
      sim.send(seq, firstTs + 160 * i, arrival);
      if (i == 20) {
        sim.send(seq, firstTs + 160 * i, arrival + 1); // duplicate while buffered
        sim.send(seq, firstTs + 160 * i, arrival + 200); // duplicate after it played
      }
    }
    sim.run(80);
    int lostSeq = (firstSeq + 15) & 0xFFFF;
    int lateSeq = (firstSeq + 25) & 0xFFFF;
    assertThat(sim.audible().subList(0, 40)).isEqualTo(seqs(firstSeq, 40, lostSeq, lateSeq));
    JitterBufferStats stats = sim.buffer.stats();
    assertThat(stats.lost()).isEqualTo(2);
    assertThat(stats.duplicates()).isEqualTo(2);
    assertThat(stats.late()).isEqualTo(1);
    assertThat(stats.reordered()).isEqualTo(1);
    assertThat(stats.played()).isEqualTo(38);
    assertThat(sim.offers).contains(JitterBuffer.Offer.LATE, JitterBuffer.Offer.DUPLICATE);
  }

  @Test
  void jitterFollowsRfc3550AndRaisesThePlayoutDelay() {
    Sim sim = new Sim(options());
    for (int i = 0; i < 200; i++) {
      // Alternating 0 / 15 ms extra delay: |D| is 15 ms = 120 timestamp units for every packet.
      sim.send(i, 160 * i, 20L * i + (i % 2 == 0 ? 0 : 15));
    }
    sim.run(230);
    JitterBufferStats stats = sim.buffer.stats();
    assertThat(stats.jitterTimestampUnits()).isBetween(115.0, 120.0);
    assertThat(stats.jitterMillis()).isBetween(14.3, 15.0);
    assertThat(stats.targetDelayMillis()).isGreaterThan(60);
    assertThat(stats.lost()).isZero();
    assertThat(sim.audible().subList(0, 200)).isEqualTo(seqs(0, 200));
  }

  @Test
  void underrunConcealsThenFallsSilentAndResumes() {
    Sim sim = new Sim(options());
    for (int i = 0; i < 10; i++) {
      sim.send(i, 160 * i, 20L * i);
    }
    for (int i = 10; i < 20; i++) {
      sim.send(i, 160 * i, 20L * i + 1000); // a one-second pause in delivery
    }
    sim.run(100);
    List<String> played = sim.played;
    int lastOfFirst = played.indexOf("9");
    assertThat(played.subList(lastOfFirst + 1, lastOfFirst + 4)).containsOnly("~10");
    assertThat(played.get(lastOfFirst + 4)).isEqualTo(".");
    assertThat(sim.audible()).containsSubsequence("9", "10", "11", "19");
    assertThat(sim.buffer.stats().underruns()).isGreaterThanOrEqualTo(4);
    assertThat(sim.buffer.stats().lost()).isZero();
    assertThat(sim.buffer.stats().played()).isEqualTo(20);
  }

  @Test
  void excessDelayIsTrimmedAfterABurst() {
    Sim sim = new Sim(options());
    for (int i = 0; i < 20; i++) {
      sim.send(i, 160 * i, 100); // 20 packets in one burst
    }
    for (int i = 20; i < 200; i++) {
      sim.send(i, 160 * i, 20L * i);
    }
    sim.run(200);
    assertThat(sim.buffer.stats().dropped()).isPositive();
    assertThat(sim.buffer.bufferedFrames())
        .isLessThanOrEqualTo(sim.buffer.targetDelayMillis() / 20 + 1);
  }

  @Test
  void sequenceJumpResyncsOnlyWhenConfirmed() {
    Sim sim = new Sim(options());
    for (int i = 0; i < 10; i++) {
      sim.send(i, 160 * i, 20L * i);
    }
    sim.send(30000, 5, 205); // a lone stray jump: dropped
    sim.send(10, 1600, 210);
    for (int i = 0; i < 10; i++) {
      sim.send(40000 + i, 1000 + 160 * i, 230L + 20 * i); // a new stream
    }
    sim.run(40);
    assertThat(sim.offers)
        .containsSubsequence(
            JitterBuffer.Offer.SEQUENCE_JUMP,
            JitterBuffer.Offer.ACCEPTED,
            JitterBuffer.Offer.SEQUENCE_JUMP,
            JitterBuffer.Offer.RESYNCED);
    assertThat(sim.buffer.stats().resyncs()).isEqualTo(1);
    assertThat(sim.audible()).containsSubsequence("10", "40001", "40009");
  }

  @Test
  void peekExposesTheNextPacketForFec() {
    JitterBuffer buffer = new JitterBuffer(options().setMinDelayMillis(20));
    RtpPacket p = new RtpPacket().setPayload(new byte[] {42}, 0, 1);
    buffer.offer(p.setSequenceNumber(1).setTimestamp(160), 0);
    buffer.offer(p.setSequenceNumber(3).setTimestamp(480), FRAME_NANOS);
    JitterFrame frame = new JitterFrame(1500);
    assertThat(buffer.poll(frame)).isEqualTo(PACKET);
    assertThat(buffer.poll(frame)).isEqualTo(CONCEAL);
    JitterFrame next = new JitterFrame(1500);
    assertThat(buffer.peek(next)).isTrue();
    assertThat(next.sequenceNumber()).isEqualTo(3);
    assertThat(next.payload()[0]).isEqualTo((byte) 42);
    assertThat(buffer.poll(frame)).isEqualTo(PACKET);
    assertThat(buffer.peek(next)).isFalse();
    assertThat(buffer.offer(p.setPayload(new byte[2000], 0, 2000), 0))
        .isEqualTo(JitterBuffer.Offer.OVERSIZED);
    assertThat(new JitterBuffer(options()).poll(frame)).isEqualTo(SILENCE);
  }

  @Test
  void randomisedNetworkKeepsOrderAndNeverPlaysTwice() {
    java.util.Random random = new java.util.Random(4733);
    for (int round = 0; round < 20; round++) {
      Sim sim = new Sim(options());
      int first = random.nextInt(65536);
      int firstTs = random.nextInt();
      int sent = 0;
      for (int i = 0; i < 500; i++) {
        if (random.nextInt(100) < 5) {
          continue;
        }
        long arrival = 20L * i + random.nextInt(60);
        sim.send(first + i, firstTs + 160 * i, arrival);
        sent++;
        if (random.nextInt(100) < 3) {
          sim.send(first + i, firstTs + 160 * i, arrival + random.nextInt(100));
        }
      }
      sim.run(600);
      List<String> packets =
          sim.played.stream().filter(s -> !s.startsWith("~") && !s.equals(".")).toList();
      assertThat(packets).doesNotHaveDuplicates();
      for (int i = 1; i < packets.size(); i++) {
        int step =
            (short) (Integer.parseInt(packets.get(i)) - Integer.parseInt(packets.get(i - 1)));
        assertThat(step).as("round %d", round).isPositive();
      }
      JitterBufferStats stats = sim.buffer.stats();
      assertThat(stats.received() + stats.late() + stats.duplicates()).isEqualTo(sim.offers.size());
      assertThat(stats.played() + stats.dropped()).isLessThanOrEqualTo(stats.received());
      assertThat(stats.played()).isGreaterThan(sent * 8L / 10);
    }
  }

  @Test
  void eventPacketsInTheSameSequenceSpaceAreSteppedOver() {
    Sim sim = new Sim(options());
    int seq = 65500;
    for (int i = 0; i < 60; i++) {
      sim.send(seq++, 160 * i, 20L * i + 2);
      if (i >= 20 && i < 30) {
        sim.sendEvent(seq++, 160 * 20, 20L * i + 3); // DTMF sent alongside the audio
      }
    }
    sim.run(70);
    List<String> audio = sim.audible().subList(0, 60);
    assertThat(audio).noneMatch(s -> s.startsWith("~"));
    assertThat(audio.get(20)).isEqualTo(Integer.toString((65500 + 20) & 0xFFFF));
    assertThat(audio.get(21)).isEqualTo(Integer.toString((65500 + 22) & 0xFFFF));
    assertThat(sim.buffer.stats().lost()).isZero();
    assertThat(sim.buffer.stats().played()).isEqualTo(60);
  }

  @Test
  void smallCallerFramesGetCopiesAndTooSmallOnesAClearError() {
    JitterBuffer buffer = new JitterBuffer(options().setMinDelayMillis(20));
    RtpPacket p = new RtpPacket();
    buffer.offer(p.setSequenceNumber(1).setPayload(new byte[] {1, 2, 3}, 0, 3), 0);
    buffer.offer(p.setSequenceNumber(2).setPayload(new byte[200], 0, 200), FRAME_NANOS);
    JitterFrame small = new JitterFrame(16);
    assertThat(buffer.poll(small)).isEqualTo(PACKET);
    assertThat(java.util.Arrays.copyOf(small.payload(), small.length())).containsExactly(1, 2, 3);
    assertThat(small.payload()).hasSize(16);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> buffer.poll(small))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("newFrame");
    assertThat(buffer.newFrame().payload()).hasSize(1500);
  }
}
