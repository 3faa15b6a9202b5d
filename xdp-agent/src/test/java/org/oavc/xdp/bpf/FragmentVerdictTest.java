package org.oavc.xdp.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Fragments and long IPv6 header chains: the source checks (allowlist, blocklist, rate limit) apply
 * to them, so a blocked source cannot get through by fragmenting or by stacking extension headers.
 */
class FragmentVerdictTest extends VerdictFixture {
  private static final String INVITE = Frames.invite("sip:bob@example.com");
  private static final int MORE_FRAGMENTS = 0x2000;
  private static final int HOP_BY_HOP = 0;
  private static final int ROUTING = 43;
  private static final int DEST_OPTS = 60;
  private static final int AH = 51;
  private static final int EXT_MAX = FilterHeader.define("IPV6_EXT_MAX");

  @Test
  void laterIpv4FragmentsOfABlockedSourceAreDropped() {
    Frames blocked = Frames.from("198.51.100.7").ipv4FragField(185); // offset 1480, last
    assertThat(verdict(blocked.udp("rest of an INVITE"))).isEqualTo(Reason.PASS_FRAGMENT);
    block("198.51.100.7", 0);
    assertThat(verdict(blocked.udp("rest of an INVITE"))).isEqualTo(Reason.DROP_BLOCKLIST);
    // a later fragment has no port: bytes that look like a UDP header to port 53 change nothing
    assertThat(verdict(blocked.dport(53).udp("x"))).isEqualTo(Reason.DROP_BLOCKLIST);
    block("203.0.113.0/24", 0);
    assertThat(
            verdict(Frames.from("203.0.113.9").ipv4FragField(MORE_FRAGMENTS | 185).udp("middle")))
        .isEqualTo(Reason.DROP_BLOCKLIST);
    assertThat(verdict(Frames.from("198.51.100.8").ipv4FragField(185).udp("rest")))
        .as("another source")
        .isEqualTo(Reason.PASS_FRAGMENT);
  }

  @Test
  void firstIpv4FragmentIsJudgedByItsPort() {
    block("198.51.100.7", 0);
    Frames first = Frames.from("198.51.100.7").ipv4FragField(MORE_FRAGMENTS);
    assertThat(verdict(first.udp(INVITE))).isEqualTo(Reason.DROP_BLOCKLIST);
    assertThat(verdict(Frames.from("198.51.100.8").ipv4FragField(MORE_FRAGMENTS).udp(INVITE)))
        .isEqualTo(Reason.PASS_FRAGMENT);
    assertThat(
            verdict(Frames.from("198.51.100.7").ipv4FragField(MORE_FRAGMENTS).dport(53).udp("dns")))
        .as("first fragment to another port")
        .isEqualTo(Reason.PASS_NOT_SIP);
    assertThat(
            verdict(
                Frames.from("198.51.100.7").ipv4FragField(MORE_FRAGMENTS).protocol(6).udp(INVITE)))
        .as("a TCP fragment is not SIP over UDP")
        .isEqualTo(Reason.PASS_NOT_SIP);
  }

  @Test
  void allowlistedSourcesFragmentsPass() {
    block("192.0.2.0/24", 0);
    allow("192.0.2.10");
    assertThat(verdict(Frames.from("192.0.2.10").ipv4FragField(185).udp("rest")))
        .isEqualTo(Reason.PASS_ALLOWLIST);
    assertThat(verdict(Frames.from("192.0.2.11").ipv4FragField(185).udp("rest")))
        .isEqualTo(Reason.DROP_BLOCKLIST);
  }

  @Test
  void fragmentsTakeTokensFromTheSourcesBucket() {
    maps.writeConfig(config(false, true, 1, 2, 60));
    Frames later = Frames.from("198.51.100.30").ipv4FragField(185);
    assertThat(verdict(later.udp("rest"))).isEqualTo(Reason.PASS_FRAGMENT);
    assertThat(verdict(later.udp("rest"))).isEqualTo(Reason.PASS_FRAGMENT);
    assertThat(verdict(later.udp("rest"))).isEqualTo(Reason.DROP_RATELIMIT);
    assertThat(verdict(later.udp("rest"))).isEqualTo(Reason.DROP_AUTOBLOCK);
    assertThat(verdict(Frames.from("198.51.100.30").udp(INVITE)))
        .as("whole datagram, same source")
        .isEqualTo(Reason.DROP_AUTOBLOCK);
  }

  @Test
  void ipv6FragmentsGetTheSourceChecks() {
    block("2001:db8:7::/48", 0);
    Frames first = Frames.from("2001:db8:7::5").ipv6FragmentHeader(1);
    assertThat(verdict(first.udp(INVITE))).isEqualTo(Reason.DROP_BLOCKLIST);
    assertThat(verdict(Frames.from("2001:db8:7::5").ipv6FragmentHeader(1).dport(53).udp("dns")))
        .as("first fragment to another port")
        .isEqualTo(Reason.PASS_NOT_SIP);
    Frames later = Frames.from("2001:db8:7::5").ipv6FragmentHeader(185 << 3);
    assertThat(verdict(later.dport(53).udp("rest"))).isEqualTo(Reason.DROP_BLOCKLIST);
    assertThat(verdict(Frames.from("2001:db8:8::5").ipv6FragmentHeader(185 << 3).udp("rest")))
        .isEqualTo(Reason.PASS_FRAGMENT);
    assertThat(verdict(Frames.from("2001:db8:8::5").ipv6FragmentHeader(1).udp(INVITE)))
        .isEqualTo(Reason.PASS_FRAGMENT);
    assertThat(
            verdict(
                Frames.from("2001:db8:7::5").ipv6FragmentHeader(185 << 3).protocol(6).udp("tcp")))
        .as("a TCP fragment is not SIP over UDP")
        .isEqualTo(Reason.PASS_NOT_SIP);
  }

  @Test
  void ipv6ExtensionHeadersUpToTheWalkLimitAreParsedToUdp() {
    int[] chain = new int[EXT_MAX];
    int[] kinds = {HOP_BY_HOP, DEST_OPTS, ROUTING, AH};
    for (int i = 0; i < chain.length; i++) {
      chain[i] = kinds[i % kinds.length];
    }
    Frames src = Frames.from("2001:db8:5::9").ipv6Extensions(chain);
    assertThat(verdict(src.udp(INVITE))).isEqualTo(Reason.PASS_SIP);
    assertThat(verdict(src.udp("garbage"))).isEqualTo(Reason.DROP_SYNTAX);
    assertThat(verdict(Frames.from("2001:db8:5::9").ipv6Extensions(HOP_BY_HOP, AH).udp(INVITE)))
        .isEqualTo(Reason.PASS_SIP);
    block("2001:db8:5::9", 0);
    assertThat(verdict(src.udp(INVITE))).isEqualTo(Reason.DROP_BLOCKLIST);
    // the fragment header counts as one of the walked headers
    int[] withFragment = Arrays.copyOf(chain, EXT_MAX - 1);
    assertThat(
            verdict(
                Frames.from("2001:db8:6::9")
                    .ipv6Extensions(withFragment)
                    .ipv6FragmentHeader(1)
                    .udp(INVITE)))
        .isEqualTo(Reason.PASS_FRAGMENT);
  }

  @Test
  void longerIpv6ChainsGetTheSourceChecksAndTheirOwnReason() {
    int[] chain = new int[EXT_MAX + 1];
    Arrays.fill(chain, DEST_OPTS);
    assertThat(verdict(Frames.from("2001:db8:5::9").ipv6Extensions(chain).udp(INVITE)))
        .isEqualTo(Reason.PASS_EXT_HEADERS);
    block("2001:db8:5::9", 0);
    assertThat(verdict(Frames.from("2001:db8:5::9").ipv6Extensions(chain).udp(INVITE)))
        .isEqualTo(Reason.DROP_BLOCKLIST);
    allow("2001:db8:5::9");
    assertThat(verdict(Frames.from("2001:db8:5::9").ipv6Extensions(chain).udp(INVITE)))
        .isEqualTo(Reason.PASS_ALLOWLIST);
    maps.writeConfig(config(false, true, 1, 1, 0));
    Frames other = Frames.from("2001:db8:9::1").ipv6Extensions(chain);
    assertThat(verdict(other.udp(INVITE))).isEqualTo(Reason.PASS_EXT_HEADERS);
    assertThat(verdict(other.udp(INVITE))).as("rate limit").isEqualTo(Reason.DROP_RATELIMIT);
  }

  @Test
  void truncatedIpv6ChainsAreMalformed() {
    byte[] chain = Frames.from("2001:db8::10").ipv6Extensions(HOP_BY_HOP, DEST_OPTS).udp(INVITE);
    assertThat(verdict(Arrays.copyOf(chain, 14 + 40 + 8 + 1)))
        .as("second header cut")
        .isEqualTo(Reason.DROP_MALFORMED);
    byte[] fragment = Frames.from("2001:db8::10").ipv6FragmentHeader(185 << 3).udp("rest");
    assertThat(verdict(Arrays.copyOf(fragment, 14 + 40 + 5)))
        .as("fragment header cut")
        .isEqualTo(Reason.DROP_MALFORMED);
  }
}
