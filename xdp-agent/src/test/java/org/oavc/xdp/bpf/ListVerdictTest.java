package org.oavc.xdp.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.oavc.common.net.Cidr;

/** Header parsing, lists, rate limit, ports, fragments and truncation. */
class ListVerdictTest extends VerdictFixture {
  private static final String INVITE = Frames.invite("sip:bob@example.com");

  @Test
  void blocklistExactAndPrefixIpv4() {
    assertThat(verdict(Frames.from("198.51.100.7").udp(INVITE))).isEqualTo(Reason.PASS_SIP);
    block("198.51.100.7", 0);
    assertThat(verdict(Frames.from("198.51.100.7").udp(INVITE))).isEqualTo(Reason.DROP_BLOCKLIST);
    assertThat(verdict(Frames.from("198.51.100.8").udp(INVITE))).isEqualTo(Reason.PASS_SIP);
    block("203.0.113.0/24", 0);
    assertThat(verdict(Frames.from("203.0.113.200").udp(INVITE))).isEqualTo(Reason.DROP_BLOCKLIST);
    assertThat(verdict(Frames.from("203.0.114.1").udp(INVITE))).isEqualTo(Reason.PASS_SIP);
  }

  @Test
  void blocklistExactAndPrefixIpv6() {
    assertThat(verdict(Frames.from("2001:db8:5::9").udp(INVITE))).isEqualTo(Reason.PASS_SIP);
    block("2001:db8:5::9", 0);
    assertThat(verdict(Frames.from("2001:db8:5::9").udp(INVITE))).isEqualTo(Reason.DROP_BLOCKLIST);
    block("2001:db8:7::/48", 0);
    assertThat(verdict(Frames.from("2001:db8:7:1::2").udp(INVITE)))
        .isEqualTo(Reason.DROP_BLOCKLIST);
    assertThat(verdict(Frames.from("2001:db8:8::2").udp(INVITE))).isEqualTo(Reason.PASS_SIP);
    // an IPv4 prefix never matches an IPv6 source and vice versa
    block("0.0.0.0/0", 0);
    assertThat(verdict(Frames.from("2001:db8:8::2").udp(INVITE))).isEqualTo(Reason.PASS_SIP);
    assertThat(verdict(Frames.from("192.0.2.99").udp(INVITE))).isEqualTo(Reason.DROP_BLOCKLIST);
  }

  @Test
  void expiredEntriesNoLongerMatch() {
    block("198.51.100.20", -1);
    block("198.51.101.0/24", -1);
    block("198.51.102.1", 3600);
    assertThat(verdict(Frames.from("198.51.100.20").udp(INVITE))).isEqualTo(Reason.PASS_SIP);
    assertThat(verdict(Frames.from("198.51.101.3").udp(INVITE))).isEqualTo(Reason.PASS_SIP);
    assertThat(verdict(Frames.from("198.51.102.1").udp(INVITE))).isEqualTo(Reason.DROP_BLOCKLIST);
    // the program deleted the expired exact entry on the hit; the agent sweeps prefixes
    assertThat(maps.list(FilterMaps.ListKind.BLOCK))
        .extracting(e -> e.cidr().toString())
        .containsExactlyInAnyOrder("198.51.101.0/24", "198.51.102.1");
    assertThat(maps.sweepExpired(FilterMaps.ListKind.BLOCK, Native.monotonicNanos())).isEqualTo(1);
  }

  @Test
  void allowlistBypassesBlocklistAndEveryCheck() {
    block("192.0.2.0/24", 0);
    allow("192.0.2.10");
    maps.writeConfig(config(true, true, 1, 1, 60));
    for (int i = 0; i < 5; i++) {
      assertThat(verdict(Frames.from("192.0.2.10").udp("garbage that is not SIP")))
          .isEqualTo(Reason.PASS_ALLOWLIST);
    }
    assertThat(verdict(Frames.from("192.0.2.11").udp(INVITE))).isEqualTo(Reason.DROP_BLOCKLIST);
  }

  @ParameterizedTest
  @ValueSource(
      ints = {248, 249, 250, 251, 252, 253, 254, 255, 504, 505, 506, 507, 508, 509, 510, 511})
  void paddedSizesDoNotBypassChecks(int payloadSize) {
    String register = Frames.paddedRequest("REGISTER", payloadSize);
    assertThat(register).hasSize(payloadSize);
    block("198.51.100.66", 0);
    assertThat(verdict(Frames.from("198.51.100.66").udp(register)))
        .isEqualTo(Reason.DROP_BLOCKLIST);
    maps.writeConfig(config(true, false, 50, 100, 60));
    assertThat(
            verdict(Frames.from("198.51.100.67").udp(Frames.paddedRequest("OPTIONS", payloadSize))))
        .isEqualTo(Reason.DROP_OPTIONS);
    assertThat(verdict(Frames.from("198.51.100.67").udp(register))).isEqualTo(Reason.PASS_SIP);
  }

  @Test
  void vlanTaggedFramesAreParsed() {
    block("198.51.100.7", 0);
    block("2001:db8:5::9", 0);
    for (int tags = 1; tags <= 2; tags++) {
      assertThat(verdict(Frames.from("198.51.100.7").vlans(tags).udp(INVITE)))
          .isEqualTo(Reason.DROP_BLOCKLIST);
      assertThat(verdict(Frames.from("2001:db8:5::9").vlans(tags).udp(INVITE)))
          .isEqualTo(Reason.DROP_BLOCKLIST);
      assertThat(verdict(Frames.from("198.51.100.8").vlans(tags).udp(INVITE)))
          .isEqualTo(Reason.PASS_SIP);
    }
  }

  @Test
  void rateLimitThenAutoBlock() {
    maps.writeConfig(config(false, true, 1, 3, 60));
    Frames src = Frames.from("198.51.100.30");
    for (int i = 0; i < 3; i++) {
      assertThat(verdict(src.udp(INVITE)))
          .as("packet %d within burst", i)
          .isEqualTo(Reason.PASS_SIP);
    }
    assertThat(verdict(src.udp(INVITE))).isEqualTo(Reason.DROP_RATELIMIT);
    assertThat(verdict(src.udp(INVITE))).isEqualTo(Reason.DROP_AUTOBLOCK);
    assertThat(verdict(Frames.from("198.51.100.31").udp(INVITE)))
        .as("other source")
        .isEqualTo(Reason.PASS_SIP);
    assertThat(maps.autoBlocked(Native.monotonicNanos()))
        .extracting(a -> a.source().toString())
        .containsExactly("198.51.100.30");
    assertThat(maps.clearRate(Cidr.parse("198.51.100.30"))).isTrue();
    assertThat(verdict(src.udp(INVITE))).as("after the block is lifted").isEqualTo(Reason.PASS_SIP);
  }

  @Test
  void rateLimitWithoutAutoBlock() {
    maps.writeConfig(config(false, true, 1, 1, 0));
    Frames src = Frames.from("2001:db8:9::30");
    assertThat(verdict(src.udp(INVITE))).isEqualTo(Reason.PASS_SIP);
    assertThat(verdict(src.udp(INVITE))).isEqualTo(Reason.DROP_RATELIMIT);
    assertThat(verdict(src.udp(INVITE))).isEqualTo(Reason.DROP_RATELIMIT);
    assertThat(maps.autoBlocked(Native.monotonicNanos())).isEmpty();
  }

  @Test
  void portsComeFromConfig() {
    assertThat(verdict(Frames.from("192.0.2.10").dport(53).udp("garbage")))
        .isEqualTo(Reason.PASS_NOT_SIP);
    maps.writeConfig(
        new FilterConfig(List.of(5080, 5090), false, false, true, true, false, 50, 100, 60));
    assertThat(verdict(Frames.from("192.0.2.10").udp("garbage"))).isEqualTo(Reason.PASS_NOT_SIP);
    assertThat(verdict(Frames.from("192.0.2.10").dport(5090).udp("garbage")))
        .isEqualTo(Reason.DROP_SYNTAX);
    assertThat(maps.readConfig().ports()).containsExactly(5080, 5090);
  }

  @Test
  void nonUdpPasses() {
    assertThat(verdict(Frames.from("192.0.2.10").protocol(6).udp(INVITE)))
        .isEqualTo(Reason.PASS_NOT_SIP);
    block("192.0.2.10", 0);
    assertThat(verdict(Frames.from("192.0.2.10").protocol(6).udp(INVITE)))
        .isEqualTo(Reason.PASS_NOT_SIP);
    assertThat(verdict(Frames.from("2001:db8::10").protocol(6).udp(INVITE)))
        .isEqualTo(Reason.PASS_NOT_SIP);
  }

  @Test
  void truncatedHeadersAreDroppedAsMalformed() {
    byte[] full = Frames.from("192.0.2.10").udp(INVITE);
    assertThat(verdict(java.util.Arrays.copyOf(full, 14 + 12)))
        .as("IPv4 header cut")
        .isEqualTo(Reason.DROP_MALFORMED);
    assertThat(verdict(java.util.Arrays.copyOf(full, 14 + 20 + 5)))
        .as("UDP header cut")
        .isEqualTo(Reason.DROP_MALFORMED);
    byte[] v6 = Frames.from("2001:db8::10").udp(INVITE);
    assertThat(verdict(java.util.Arrays.copyOf(v6, 14 + 30)))
        .as("IPv6 header cut")
        .isEqualTo(Reason.DROP_MALFORMED);
    assertThat(verdict(java.util.Arrays.copyOf(Frames.from("192.0.2.10").vlans(2).udp(INVITE), 16)))
        .as("VLAN tag cut")
        .isEqualTo(Reason.DROP_MALFORMED);
    assertThat(verdict(Frames.from("192.0.2.10").udpLength(4).udp(INVITE)))
        .as("UDP length < 8")
        .isEqualTo(Reason.DROP_MALFORMED);
    assertThat(verdict(Frames.from("192.0.2.10").udpLength(2000).udp(INVITE)))
        .as("UDP length > frame")
        .isEqualTo(Reason.DROP_MALFORMED);
  }

  @Test
  void nonIpFramesPass() {
    byte[] arp = new byte[42];
    arp[12] = 0x08;
    arp[13] = 0x06;
    assertThat(verdict(arp)).isEqualTo(Reason.PASS_NOT_SIP);
  }
}
