package org.oavc.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlRedactionTest {

  @Test
  void keysInTheQueryOrUserInfoAreLeftOut() {
    assertThat(UrlRedaction.redact("https://api.example.com/v1/chat?api_key=sk-1&x=2#frag"))
        .isEqualTo("https://api.example.com/v1/chat?(redacted)");
    assertThat(UrlRedaction.redact("wss://bot:sk-2@rt.example.com:8443/ws"))
        .isEqualTo("wss://rt.example.com:8443/ws");
    assertThat(UrlRedaction.redact("ws://[::1]:2700")).isEqualTo("ws://[::1]:2700");
    assertThat(UrlRedaction.redact("http://127.0.0.1:9/bot")).isEqualTo("http://127.0.0.1:9/bot");
  }

  @Test
  void textThatQuotesAUrlIsScrubbedEvenWhenItIsNoUri() {
    assertThat(
            UrlRedaction.scrub(
                "The timeout period of 500ms has been exceeded while executing GET"
                    + " /tool?token=sk-3 for server 127.0.0.1:8080"))
        .isEqualTo(
            "The timeout period of 500ms has been exceeded while executing GET"
                + " /tool?(redacted) for server 127.0.0.1:8080");
    assertThat(UrlRedaction.redact("http://bad url?key=sk-4")).doesNotContain("sk-4");
    assertThat(UrlRedaction.scrub("failed: wss://u:sk-5@host/x")).doesNotContain("sk-5");
    assertThat(UrlRedaction.scrub(null)).isNull();
  }
}
