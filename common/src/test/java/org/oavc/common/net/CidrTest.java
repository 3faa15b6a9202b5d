package org.oavc.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
  @ParameterizedTest
  @CsvSource({
    "192.0.2.7,192.0.2.7",
    "192.0.2.7/24,192.0.2.0/24",
    "10.1.2.3/8,10.0.0.0/8",
    "0.0.0.0/0,0.0.0.0/0",
    "2001:db8::1,2001:db8::1",
    "2001:db8:1:2::3/48,2001:db8:1::/48",
    "::1,::1",
    "::/0,::/0",
    "fd99:0:0:0:0:0:0:1,fd99::1",
    "2001:db8:0:1:0:0:0:0/64,2001:db8:0:1::/64"
  })
  void parsesAndPrintsCanonically(String in, String out) {
    assertThat(Cidr.parse(in).toString()).isEqualTo(out);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "300.1.1.1",
        "1.2.3",
        "1.2.3.4/33",
        "1.2.3.4/-1",
        "1.2.3.4/x",
        "example.com",
        "localhost",
        "2001:db8::1/129",
        "fe80::1%eth0",
        "1.2.3.4/24/1",
        "::g"
      })
  void rejectsBadInput(String in) {
    assertThatThrownBy(() -> Cidr.parse(in)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ipv4IsMappedIntoTheIpv6Key() {
    Cidr c = Cidr.parse("198.51.100.0/24");
    assertThat(c.mappedPrefix()).isEqualTo(120);
    assertThat(c.mappedAddress())
        .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 198, 51, 100, 0);
    assertThat(Cidr.fromMapped(c.mappedAddress(), 120)).isEqualTo(c);
    assertThat(Cidr.fromMapped(Cidr.parse("::ffff:0:0/96").mappedAddress(), 96).toString())
        .isEqualTo("0.0.0.0/0");
    assertThat(Cidr.parse("2001:db8::/32").host()).isFalse();
    assertThat(Cidr.parse("2001:db8::1").host()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1, true",
    "127.0.0.1, 127.0.0.2, false",
    "127.0.0.0/8, 127.255.0.9, true",
    "127.0.0.0/30, 127.0.0.4, false",
    "0.0.0.0/0, 203.0.113.7, true",
    "10.0.0.0/8, ::ffff:10.1.2.3, true",
    "10.0.0.0/8, 2001:db8::1, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "::1, ::1, true",
    "::1, 127.0.0.1, false"
  })
  void containsMatchesThePrefixOfTheSameFamily(String cidr, String ip, boolean inside)
      throws Exception {
    assertThat(Cidr.parse(cidr).contains(java.net.InetAddress.getByName(ip))).isEqualTo(inside);
  }
}
