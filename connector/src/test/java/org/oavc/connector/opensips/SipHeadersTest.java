package org.oavc.connector.opensips;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipHeadersTest {
  private static final String INVITE_HEADERS =
      "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
          + "From: \"SIPp caller\" <sip:caller@127.0.0.1:5070>;tag=1\r\n"
          + "To: <sip:ai@127.0.0.1:5060>\r\n"
          + "Call-ID: 1-31375@127.0.0.1\r\n"
          + "Subject:   spaced out   \r\n"
          + "Content-Length:   261\r\n";

  @Test
  void findsHeadersByNameWhateverTheCase() {
    assertThat(SipHeaders.value(INVITE_HEADERS, "Call-ID", "i")).isEqualTo("1-31375@127.0.0.1");
    assertThat(SipHeaders.value(INVITE_HEADERS, "call-id", null)).isEqualTo("1-31375@127.0.0.1");
    assertThat(SipHeaders.value(INVITE_HEADERS, "FROM", "f"))
        .isEqualTo("\"SIPp caller\" <sip:caller@127.0.0.1:5070>;tag=1");
    assertThat(SipHeaders.value(INVITE_HEADERS, "Subject", "s")).isEqualTo("spaced out");
    assertThat(SipHeaders.value(INVITE_HEADERS, "Content-Length", "l")).isEqualTo("261");
  }

  @Test
  void theFirstOfRepeatedHeadersWinsAndCompactFormsCount() {
    String h = "v: SIP/2.0/UDP a;branch=1\r\nVia: SIP/2.0/UDP b;branch=2\r\nt: <sip:x@y>\r\n";
    assertThat(SipHeaders.value(h, "Via", "v")).isEqualTo("SIP/2.0/UDP a;branch=1");
    assertThat(SipHeaders.value(h, "To", "t")).isEqualTo("<sip:x@y>");
    assertThat(SipHeaders.value(h, "To", null)).isNull();
  }

  @Test
  void acceptsBareLfLinesALastLineWithoutNewlineAndColonsInValues() {
    String h = "Contact: <sip:caller@127.0.0.1:5070>\nno colon here\n\nX-Last : a:b";
    assertThat(SipHeaders.value(h, "Contact", "m")).isEqualTo("<sip:caller@127.0.0.1:5070>");
    assertThat(SipHeaders.value(h, "X-Last", null)).isEqualTo("a:b");
    assertThat(SipHeaders.value(h, "no colon here", null)).isNull();
  }

  @Test
  void aColonOnALaterLineIsNotTakenForThisLinesName() {
    String h = "Garbage line\r\nTo: <sip:x@y>\r\n";
    assertThat(SipHeaders.value(h, "Garbage line\r\nTo", null)).isNull();
    assertThat(SipHeaders.value(h, "To", null)).isEqualTo("<sip:x@y>");
  }

  @Test
  void missingOrEmptyHeaderBlocksGiveNull() {
    assertThat(SipHeaders.value(null, "To", "t")).isNull();
    assertThat(SipHeaders.value("", "To", "t")).isNull();
    assertThat(SipHeaders.value("\r\n\r\n", "To", "t")).isNull();
    assertThat(SipHeaders.value(INVITE_HEADERS, "Refer-To", "r")).isNull();
  }
}
