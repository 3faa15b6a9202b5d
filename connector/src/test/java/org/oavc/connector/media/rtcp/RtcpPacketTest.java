package org.oavc.connector.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpPacketTest {
  private static final ReportBlock BLOCK =
      new ReportBlock(0x11223344, 25, -3, 0x0001FFFF, 320, 0xB7052000, 0x00054000);

  private static byte[] compound(RtcpPacket... packets) {
    byte[] out = new byte[1500];
    int n = RtcpWriter.writeCompound(List.of(packets), out, 0);
    return Arrays.copyOf(out, n);
  }

  @Test
  void senderReportWithSdesRoundTrips() throws Exception {
    long ntp = NtpTime.fromUnixMillis(1_700_000_000_123L);
    SenderReport sr = new SenderReport(0xCAFEBABE, ntp, 0xFFFFFF00, -1, 123456, List.of(BLOCK));
    SourceDescription sdes =
        new SourceDescription(List.of(new SourceDescription.Chunk(0xCAFEBABE, "oavc@127.0.0.1")));
    byte[] wire = compound(sr, sdes);
    assertThat(wire.length % 4).isZero();
    assertThat(wire[0] & 0xFF).isEqualTo(0x81);
    assertThat(wire[1] & 0xFF).isEqualTo(200);
    assertThat(RtcpParser.parseCompound(wire, 0, wire.length)).containsExactly(sr, sdes);
  }

  @Test
  void receiverReportMatchesTheWireLayout() throws Exception {
    byte[] wire = compound(new ReceiverReport(1, List.of(BLOCK)));
    assertThat(Arrays.copyOf(wire, 12))
        .containsExactly(0x81, 0xC9, 0x00, 0x07, 0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44);
    // fraction 25, cumulative -3 as 24-bit two's complement
    assertThat(Arrays.copyOfRange(wire, 12, 16)).containsExactly(25, 0xFF, 0xFF, 0xFD);
    ReceiverReport rr = (ReceiverReport) RtcpParser.parseCompound(wire, 0, wire.length).get(0);
    assertThat(rr.reports().get(0).cumulativeLost()).isEqualTo(-3);
  }

  @Test
  void sdesChunksByeAndUnknownTypes() throws Exception {
    SourceDescription sdes =
        new SourceDescription(
            List.of(
                new SourceDescription.Chunk(1, "a"),
                new SourceDescription.Chunk(2, null),
                new SourceDescription.Chunk(3, "ü-ß")));
    Goodbye bye = new Goodbye(List.of(1, 2), "call ended");
    Goodbye silentBye = new Goodbye(List.of(3), null);
    byte[] head = compound(new ReceiverReport(1, List.of()), sdes, bye, silentBye);
    // Append an APP packet (type 204) by hand: header + SSRC + name.
    byte[] wire = Arrays.copyOf(head, head.length + 12);
    byte[] app = {(byte) 0x80, (byte) 204, 0, 2, 0, 0, 0, 1, 'T', 'E', 'S', 'T'};
    System.arraycopy(app, 0, wire, head.length, 12);
    List<RtcpPacket> parsed = RtcpParser.parseCompound(wire, 0, wire.length);
    assertThat(parsed).hasSize(5);
    assertThat(parsed.get(1)).isEqualTo(sdes);
    assertThat(parsed.get(2)).isEqualTo(bye);
    assertThat(parsed.get(3)).isEqualTo(silentBye);
    assertThat(parsed.get(4)).isEqualTo(new UnknownRtcpPacket(204, 0, 12));
    byte[] reducedSize = compound(bye);
    assertThat(RtcpParser.parse(reducedSize, 0, reducedSize.length, false)).containsExactly(bye);
  }

  @Test
  void rejectsEveryMalformation() {
    byte[] good =
        compound(
            new ReceiverReport(1, List.of(BLOCK)),
            new SourceDescription(List.of(new SourceDescription.Chunk(1, "x"))));
    assertRejected(good, 3, "shorter");
    byte[] v1 = good.clone();
    v1[0] = 0x41;
    assertRejected(v1, v1.length, "version");
    assertRejected(good, good.length - 4, "past");
    byte[] extra = Arrays.copyOf(good, good.length + 2);
    assertRejected(extra, extra.length, "truncated header");
    byte[] padFirst = good.clone();
    padFirst[0] |= 0x20;
    assertRejected(padFirst, padFirst.length, "not the last");
    byte[] badPad = good.clone();
    badPad[32] |= 0x20; // SDES is last; its final byte is 0, an invalid padding count
    assertRejected(badPad, badPad.length, "padding count");
    byte[] tooManyBlocks = good.clone();
    tooManyBlocks[0] = (byte) 0x82;
    assertRejected(tooManyBlocks, tooManyBlocks.length, "RR with 2 report blocks");
    byte[] bye = compound(new Goodbye(List.of(1), null));
    assertRejected(bye, bye.length, "starts with type 203");
    byte[] byeReason = compound(new Goodbye(List.of(1), "x"));
    byeReason[8] = 9; // reason length beyond the packet
    assertThatThrownBy(() -> RtcpParser.parse(byeReason, 0, byeReason.length, false))
        .isInstanceOf(MalformedRtcpException.class)
        .hasMessageContaining("BYE reason");
    byte[] sdes = compound(new SourceDescription(List.of(new SourceDescription.Chunk(1, "abc"))));
    Arrays.fill(sdes, sdes.length - 3, sdes.length, (byte) 'x'); // no null item ends the chunk
    assertThatThrownBy(() -> RtcpParser.parse(sdes, 0, sdes.length, false))
        .isInstanceOf(MalformedRtcpException.class)
        .hasMessageContaining("SDES");
  }

  private static void assertRejected(byte[] wire, int len, String reason) {
    assertThatThrownBy(() -> RtcpParser.parseCompound(wire, 0, len))
        .isInstanceOf(MalformedRtcpException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void randomAndTruncatedDatagramsOnlyEverFailAsMalformed() {
    Random random = new Random(3550);
    byte[] good =
        compound(
            new SenderReport(1, 2, 3, 4, 5, List.of(BLOCK, BLOCK)),
            new SourceDescription(List.of(new SourceDescription.Chunk(1, "cname"))),
            new Goodbye(List.of(1), "bye"));
    int parsed = 0;
    for (int i = 0; i < 5000; i++) {
      byte[] wire;
      if (i % 2 == 0) {
        wire = new byte[random.nextInt(120)];
        random.nextBytes(wire);
        if (wire.length > 1) {
          wire[0] = (byte) (0x80 | (wire[0] & 0x3F));
          wire[1] = (byte) (200 + random.nextInt(6));
        }
      } else {
        wire = Arrays.copyOf(good, random.nextInt(good.length + 1));
        if (wire.length > 0 && random.nextBoolean()) {
          wire[random.nextInt(wire.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      try {
        assertThat(RtcpParser.parse(wire, 0, wire.length, random.nextBoolean())).isNotEmpty();
        parsed++;
      } catch (MalformedRtcpException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThat(parsed).isPositive();
  }

  @Test
  void writerRefusesWhatRtcpCannotCarry() {
    assertThatThrownBy(() -> RtcpWriter.write(new ReceiverReport(1, List.of()), new byte[4], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtcpWriter.size(new Goodbye(List.of(), "x".repeat(256))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtcpWriter.size(new UnknownRtcpPacket(204, 0, 12)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReportBlock(1, 256, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReportBlock(1, 0, 0x800000, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
