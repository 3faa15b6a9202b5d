package org.oavc.connector.report.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  @Test
  void theHmacIsRfc4231s() {
    // RFC 4231, test case 2
    assertThat(WebhookSignature.hmac("Jefe", "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void theHeaderSignsTheTimeAndTheBody() {
    String h = WebhookSignature.header("0123456789abcdef", 1_700_000_000L, "{\"id\":\"a\"}");
    assertThat(h)
        .isEqualTo(
            "t=1700000000,v1="
                + WebhookSignature.hmac("0123456789abcdef", "1700000000.{\"id\":\"a\"}"));
    assertThat(WebhookSignature.header("0123456789abcdef", 1_700_000_001L, "{\"id\":\"a\"}"))
        .as("another time, another signature")
        .isNotEqualTo(h);
  }
}
