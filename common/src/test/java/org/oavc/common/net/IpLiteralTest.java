package org.oavc.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Literals only: nothing here may ever reach a resolver. */
class IpLiteralTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"192.0.2.1", " 10.0.0.7 ", "::1", "[2001:db8::5]", "::ffff:192.0.2.1", "0.0.0.0"})
  void literalsParse(String text) {
    assertThat(IpLiteral.parse(text)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "example.com",
        "lan",
        "1.2.3",
        "256.1.1.1",
        "1.2.3.4.5",
        "fe80::1%eth0",
        "::g",
        "[::1",
        "1.2.3.4/24"
      })
  void anythingElseIsNoAddress(String text) {
    assertThat(IpLiteral.parse(text)).isEmpty();
  }

  @Test
  void networksRefuseHostBitsWhereWrittenOnesMatter() {
    assertThat(Cidr.parseNetwork("10.0.0.0/8").withPrefix()).isEqualTo("10.0.0.0/8");
    assertThat(Cidr.parseNetwork("10.0.0.7").withPrefix()).isEqualTo("10.0.0.7/32");
    assertThat(Cidr.parseNetwork("::1").withPrefix()).isEqualTo("::1/128");
    assertThat(Cidr.parse("10.1.2.3/8").withPrefix())
        .as("parse clears them")
        .isEqualTo("10.0.0.0/8");
    assertThatThrownBy(() -> Cidr.parseNetwork("10.1.2.3/8")).hasMessageContaining("host bits");
    assertThatThrownBy(() -> Cidr.parseNetwork("2001:db8::1/32")).hasMessageContaining("host bits");
  }
}
