package org.oavc.connector.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oavc.connector.media.rtp.RtpSourceLatch.Decision.ACCEPT;
import static org.oavc.connector.media.rtp.RtpSourceLatch.Decision.IGNORE;
import static org.oavc.connector.media.rtp.RtpSourceLatch.Decision.LATCHED;
import static org.oavc.connector.media.rtp.RtpSourceLatch.Decision.REJECT;
import static org.oavc.connector.media.rtp.RtpSourceLatch.Decision.RELATCHED;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class RtpSourceLatchTest {
  private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 40002);
  private static final InetSocketAddress C = new InetSocketAddress("::1", 40004);

  @Test
  void latchesTheFirstValidSourceOnly() {
    RtpSourceLatch<InetSocketAddress> latch = new RtpSourceLatch<>(3);
    assertThat(latch.onPacket(B, false)).isEqualTo(REJECT);
    assertThat(latch.latched()).isNull();
    assertThat(latch.onPacket(A, true)).isEqualTo(LATCHED);
    assertThat(latch.onPacket(new InetSocketAddress("127.0.0.1", 40000), true)).isEqualTo(ACCEPT);
    assertThat(latch.latched()).isEqualTo(A);
  }

  @Test
  void relatchesAfterThresholdConsecutiveValidPackets() {
    RtpSourceLatch<InetSocketAddress> latch = new RtpSourceLatch<>(3);
    latch.onPacket(A, true);
    assertThat(latch.onPacket(B, true)).isEqualTo(IGNORE);
    assertThat(latch.onPacket(B, true)).isEqualTo(IGNORE);
    assertThat(latch.onPacket(B, true)).isEqualTo(RELATCHED);
    assertThat(latch.latched()).isEqualTo(B);
    assertThat(latch.onPacket(A, true)).isEqualTo(IGNORE);
    assertThat(latch.relatches()).isEqualTo(1);
  }

  @Test
  void runsAreBrokenByTheLatchedSourceOtherCandidatesAndInvalidPackets() {
    RtpSourceLatch<InetSocketAddress> latch = new RtpSourceLatch<>(3);
    latch.onPacket(A, true);
    latch.onPacket(B, true);
    latch.onPacket(B, true);
    assertThat(latch.onPacket(A, true)).isEqualTo(ACCEPT);
    assertThat(latch.onPacket(B, true)).isEqualTo(IGNORE);
    latch.onPacket(B, true);
    assertThat(latch.onPacket(C, true)).isEqualTo(IGNORE);
    assertThat(latch.onPacket(B, true)).isEqualTo(IGNORE);
    latch.onPacket(B, true);
    assertThat(latch.onPacket(B, false)).isEqualTo(REJECT);
    assertThat(latch.onPacket(B, true)).isEqualTo(IGNORE);
    assertThat(latch.latched()).isEqualTo(A);
    // Invalid packets never count, however many.
    for (int i = 0; i < 10; i++) {
      assertThat(latch.onPacket(C, false)).isEqualTo(REJECT);
    }
    assertThat(latch.latched()).isEqualTo(A);
    latch.reset();
    assertThat(latch.onPacket(C, true)).isEqualTo(LATCHED);
  }
}
