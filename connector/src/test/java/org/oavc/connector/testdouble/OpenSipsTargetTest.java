package org.oavc.connector.testdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class OpenSipsTargetTest {
  @Test
  void realOpenSipsWhenBothVariablesAreSet() {
    try (OpenSipsTarget target =
        OpenSipsTarget.fromEnvironment(
            Map.of("OPENSIPS_MI", "127.0.0.1:8088", "OPENSIPS_SIP", "[::1]:5060"),
            new OpenSipsDoubleOptions())) {
      assertThat(target.isDouble()).isFalse();
      assertThat(target.miAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 8088));
      assertThat(target.sipAddress()).isEqualTo(new InetSocketAddress("::1", 5060));
      assertThatThrownBy(target::requireDouble).isInstanceOf(TestAbortedException.class);
    }
  }

  @Test
  void doubleOnEphemeralPortsOtherwise() {
    try (OpenSipsTarget target =
        OpenSipsTarget.fromEnvironment(
            Map.of("OPENSIPS_MI", "127.0.0.1:8088"), new OpenSipsDoubleOptions())) {
      assertThat(target.isDouble()).isTrue();
      assertThat(target.miAddress().getPort()).isPositive().isNotEqualTo(8088);
      assertThat(target.requireDouble().sipAddress()).isEqualTo(target.sipAddress());
    }
  }
}
