package org.oavc.connector.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
  /** A hand-made PCMU packet: V=2, M=1, PT=0, seq 0xBEEF, ts 0xFFFFFFF0, SSRC 0x12345678. */
  private static final byte[] SIMPLE = {
    (byte) 0x80,
    (byte) 0x80,
    (byte) 0xBE,
    (byte) 0xEF,
    (byte) 0xFF,
    (byte) 0xFF,
    (byte) 0xFF,
    (byte) 0xF0,
    0x12,
    0x34,
    0x56,
    0x78,
    1,
    2,
    3
  };

  @Test
  void parsesAHandMadePacket() {
    RtpPacket p = new RtpPacket();
    assertThat(p.parse(SIMPLE, 0, SIMPLE.length)).isEqualTo(RtpValidation.VALID);
    assertThat(p.marker()).isTrue();
    assertThat(p.payloadType()).isZero();
    assertThat(p.sequenceNumber()).isEqualTo(0xBEEF);
    assertThat(Integer.toUnsignedLong(p.timestamp())).isEqualTo(0xFFFFFFF0L);
    assertThat(p.ssrc()).isEqualTo(0x12345678);
    assertThat(p.csrcCount()).isZero();
    assertThat(p.hasExtension()).isFalse();
    assertThat(
            Arrays.copyOfRange(
                p.payloadBuffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength()))
        .containsExactly(1, 2, 3);
  }

  @Test
  void buildsAndParsesEveryOptionalPart() {
    byte[] payload = {9, 8, 7, 6, 5};
    byte[] ext = {1, 2, 3, 4, 5, 6, 7, 8};
    RtpPacket out =
        new RtpPacket()
            .setMarker(true)
            .setPayloadType(111)
            .setSequenceNumber(65535)
            .setTimestamp(-1)
            .setSsrc(0xCAFEBABE)
            .setCsrcs(new int[] {1, 2, 3}, 3)
            .setExtension(0xBEDE, ext, 0, 8)
            .setPayload(payload, 0, payload.length)
            .setPaddingLength(3);
    byte[] wire = new byte[out.size() + 4];
    int n = out.write(wire, 2);
    assertThat(n).isEqualTo(12 + 12 + 4 + 8 + 5 + 3);
    assertThat(wire[2] & 0xFF).isEqualTo(0x80 | 0x20 | 0x10 | 3);
    assertThat(wire[2 + n - 1]).isEqualTo((byte) 3);

    RtpPacket in = new RtpPacket();
    assertThat(in.parse(wire, 2, n)).isEqualTo(RtpValidation.VALID);
    assertThat(in.marker()).isTrue();
    assertThat(in.payloadType()).isEqualTo(111);
    assertThat(in.sequenceNumber()).isEqualTo(65535);
    assertThat(in.timestamp()).isEqualTo(-1);
    assertThat(in.ssrc()).isEqualTo(0xCAFEBABE);
    assertThat(new int[] {in.csrc(0), in.csrc(1), in.csrc(2)}).containsExactly(1, 2, 3);
    assertThat(in.extensionProfile()).isEqualTo(0xBEDE);
    assertThat(
            Arrays.copyOfRange(
                in.extensionBuffer(),
                in.extensionOffset(),
                in.extensionOffset() + in.extensionLength()))
        .isEqualTo(ext);
    assertThat(in.paddingLength()).isEqualTo(3);
    assertThat(
            Arrays.copyOfRange(wire, in.payloadOffset(), in.payloadOffset() + in.payloadLength()))
        .isEqualTo(payload);
    // Writing the parsed packet again gives the same bytes.
    byte[] again = new byte[n];
    in.write(again, 0);
    assertThat(again).isEqualTo(Arrays.copyOfRange(wire, 2, 2 + n));
    assertThatThrownBy(() -> in.csrc(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void rejectsMalformedPacketsWithAReason() {
    RtpPacket p = new RtpPacket();
    assertThat(p.parse(SIMPLE, 0, 11)).isEqualTo(RtpValidation.TOO_SHORT);
    byte[] v1 = SIMPLE.clone();
    v1[0] = 0x40;
    assertThat(p.parse(v1, 0, v1.length)).isEqualTo(RtpValidation.BAD_VERSION);
    byte[] csrc = SIMPLE.clone();
    csrc[0] = (byte) 0x81; // one CSRC, but only 3 bytes follow the header
    assertThat(p.parse(csrc, 0, csrc.length)).isEqualTo(RtpValidation.CSRC_OVERFLOW);
    byte[] ext = Arrays.copyOf(SIMPLE, 20);
    ext[0] = (byte) 0x90;
    ext[14] = 0;
    ext[15] = 2; // two words announced, one present
    assertThat(p.parse(ext, 0, ext.length)).isEqualTo(RtpValidation.EXTENSION_OVERFLOW);
    assertThat(p.parse(ext, 0, 14)).isEqualTo(RtpValidation.EXTENSION_OVERFLOW);
    byte[] pad = SIMPLE.clone();
    pad[0] = (byte) 0xA0;
    pad[pad.length - 1] = 4; // 4 padding bytes but only 3 after the header
    assertThat(p.parse(pad, 0, pad.length)).isEqualTo(RtpValidation.BAD_PADDING);
    pad[pad.length - 1] = 0;
    assertThat(p.parse(pad, 0, pad.length)).isEqualTo(RtpValidation.BAD_PADDING);
    pad[pad.length - 1] = 3; // all of the payload is padding: valid, empty payload
    assertThat(p.parse(pad, 0, pad.length)).isEqualTo(RtpValidation.VALID);
    assertThat(p.payloadLength()).isZero();
    byte[] rtcp = SIMPLE.clone();
    rtcp[1] = (byte) 200; // an SR multiplexed on the RTP port
    assertThat(p.parse(rtcp, 0, rtcp.length)).isEqualTo(RtpValidation.RTCP);
    assertThat(RtpValidation.BAD_PADDING.reason()).contains("padding");
  }

  @Test
  void randomAndTruncatedBuffersNeverThrow() {
    Random random = new Random(20261122);
    RtpPacket p = new RtpPacket();
    int valid = 0;
    for (int i = 0; i < 5000; i++) {
      byte[] junk = new byte[random.nextInt(80)];
      random.nextBytes(junk);
      if (junk.length > 0 && random.nextBoolean()) {
        junk[0] = (byte) (0x80 | (junk[0] & 0x3F)); // version 2, to reach the deeper checks
      }
      RtpValidation v = p.parse(junk, 0, junk.length);
      if (v.isValid()) {
        valid++;
        assertThat(p.payloadOffset() + p.payloadLength() + p.paddingLength())
            .isEqualTo(junk.length);
        assertThat(p.payloadLength()).isNotNegative();
      }
    }
    assertThat(valid).isPositive();
    byte[] full = new byte[200];
    int n =
        new RtpPacket()
            .setCsrcs(new int[] {1, 2}, 2)
            .setExtension(1, new byte[8], 0, 8)
            .setPayload(new byte[100], 0, 100)
            .setPaddingLength(4)
            .write(full, 0);
    for (int len = 0; len < n; len++) {
      assertThat(p.parse(full, 0, len)).as("truncated to %d", len).isNotEqualTo(null);
    }
  }

  @Test
  void builderValidatesItsInput() {
    RtpPacket p = new RtpPacket();
    assertThatThrownBy(() -> p.setPayloadType(128)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.setCsrcs(new int[16], 16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.setExtension(1, new byte[3], 0, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.setPaddingLength(256)).isInstanceOf(IllegalArgumentException.class);
    p.setPayload(new byte[10], 0, 10);
    assertThatThrownBy(() -> p.write(new byte[21], 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
