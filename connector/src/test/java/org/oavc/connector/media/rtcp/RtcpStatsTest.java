package org.oavc.connector.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpStatsTest {
  private static final long MS = 1_000_000L;

  @Test
  void ntpConversionsAndTheRfcRoundTripExample() {
    long ntp = NtpTime.fromUnixMillis(1_700_000_000_250L);
    assertThat(ntp >>> 32).isEqualTo(1_700_000_000L + 2_208_988_800L);
    assertThat(ntp & 0xFFFFFFFFL).isEqualTo(1L << 30); // 0.25 s
    assertThat(NtpTime.toUnixMillis(ntp)).isEqualTo(1_700_000_000_250L);
    // RFC 3550 section 6.4.1: A = b710:8000, LSR = b705:2000, DLSR = 0005:4000 -> 6.125 s.
    assertThat(NtpTime.roundTripMillis(0xB7108000, 0xB7052000, 0x00054000)).isEqualTo(6125.0);
    assertThat(NtpTime.roundTripMillis(0xB7108000, 0, 0)).isNaN();
    assertThat(NtpTime.roundTripMillis(0xB7000000, 0xB7052000, 0)).isNaN();
    assertThat(NtpTime.toCompactDelay(1_500 * MS)).isEqualTo(98304);
  }

  @Test
  void lossAcrossSequenceWrapFeedsTheReportBlock() {
    RtpReceptionStats stats = new RtpReceptionStats(42, 8000);
    int seq = 65530;
    for (int i = 0; i < 16; i++) {
      if (i != 9) {
        stats.onPacket((seq + i) & 0xFFFF, 160 * i - 800, 20L * i * MS);
      }
    }
    ReportBlock first = stats.reportBlock(400 * MS);
    assertThat(first.ssrc()).isEqualTo(42);
    assertThat(first.extendedHighestSequence()).isEqualTo(65536 + 9);
    assertThat(first.cumulativeLost()).isEqualTo(1);
    assertThat(first.fractionLost()).isEqualTo(256 / 16);
    assertThat(first.jitter()).isZero();
    assertThat(first.lastSr()).isZero();
    assertThat(first.delaySinceLastSr()).isZero();

    for (int i = 16; i < 26; i++) {
      stats.onPacket((seq + i) & 0xFFFF, 160 * i - 800, 20L * i * MS);
    }
    stats.onPacket((seq + 20) & 0xFFFF, 160 * 20 - 800, 530 * MS); // a duplicate
    ReportBlock second = stats.reportBlock(600 * MS);
    assertThat(second.fractionLost()).isZero();
    assertThat(second.cumulativeLost()).isZero(); // the duplicate cancels the loss, as the RFC says
    assertThat(second.extendedHighestSequence()).isEqualTo(65536 + 19);
  }

  @Test
  void lastSenderReportGivesLsrAndDlsrAndRtt() {
    RtpReceptionStats stats = new RtpReceptionStats(7, 8000);
    stats.onPacket(1, 0, 0);
    long theirNtp = NtpTime.fromUnixMillis(1_700_000_000_000L);
    stats.onSenderReport(theirNtp, 100 * MS);
    ReportBlock block = stats.reportBlock(1_600 * MS);
    assertThat(block.lastSr()).isEqualTo(NtpTime.middle32(theirNtp));
    assertThat(block.delaySinceLastSr()).isEqualTo(98304);
    // The peer gets our RR 50 ms after sending 1.5 s after its SR: RTT 50 ms (within NTP rounding).
    long arrival = NtpTime.fromUnixMillis(1_700_000_001_550L);
    assertThat(block.roundTripMillis(arrival)).isBetween(49.9, 50.1);
  }

  @Test
  void wildJumpIsSetAsideUntilConfirmed() {
    RtpReceptionStats stats = new RtpReceptionStats(7, 8000);
    for (int i = 0; i < 10; i++) {
      assertThat(stats.onPacket(i, 160 * i, 20L * i * MS)).isTrue();
    }
    assertThat(stats.onPacket(30000, 0, 200 * MS)).isFalse();
    assertThat(stats.onPacket(10, 1600, 200 * MS)).isTrue();
    assertThat(stats.onPacket(40000, 0, 220 * MS)).isFalse();
    assertThat(stats.onPacket(40001, 160, 240 * MS)).isTrue(); // restarted
    assertThat(stats.received()).isEqualTo(1);
    assertThat(stats.extendedHighestSequence()).isEqualTo(40001);
    assertThat(stats.cumulativeLost()).isZero();
  }

  @Test
  void senderStatsBuildTheSenderReport() throws Exception {
    RtpSenderStats sender = new RtpSenderStats(99);
    for (int i = 0; i < 50; i++) {
      sender.onPacketSent(160);
    }
    SenderReport sr = sender.senderReport(NtpTime.fromUnixMillis(0), 8000, List.of());
    assertThat(sr.packetCount()).isEqualTo(50);
    assertThat(sr.octetCount()).isEqualTo(8000);
    byte[] wire = new byte[64];
    int n = RtcpWriter.write(sr, wire, 0);
    assertThat(RtcpParser.parseCompound(wire, 0, n)).containsExactly(sr);
  }
}
