package org.oavc.xdp.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, the syntax gate, keepalives, OPTIONS stealth and scanner signatures. */
class SyntaxVerdictTest extends VerdictFixture {
  private static final Frames V4 = Frames.from("192.0.2.10");

  @Test
  void requestsAndResponsesPass() {
    assertThat(verdict(V4.udp(Frames.invite("sip:bob@example.com")))).isEqualTo(Reason.PASS_SIP);
    assertThat(verdict(V4.udp("SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n")))
        .isEqualTo(Reason.PASS_SIP);
    assertThat(verdict(V4.udp("SIP/2.0 487 Request Terminated\r\n\r\n")))
        .isEqualTo(Reason.PASS_SIP);
    // RFC 3261 extension methods and other URI schemes the gate accepts
    assertThat(verdict(V4.udp("FOOBAR sip:bob@example.com SIP/2.0\r\n\r\n")))
        .isEqualTo(Reason.PASS_SIP);
    assertThat(verdict(V4.udp("MESSAGE SIPS:bob@example.com SIP/2.0\r\n\r\n")))
        .isEqualTo(Reason.PASS_SIP);
    assertThat(verdict(V4.udp("INVITE tel:+15551234567 SIP/2.0\r\n\r\n")))
        .isEqualTo(Reason.PASS_SIP);
  }

  @Test
  void longRequestUriInvitePasses() {
    String uri =
        "sip:+4930"
            + "1".repeat(900)
            + "@a-very-long-carrier-domain.example.com;transport=udp;user=phone";
    byte[] frame = V4.udp(Frames.invite(uri));
    assertThat(frame.length).isGreaterThan(1000);
    assertThat(verdict(frame)).isEqualTo(Reason.PASS_SIP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\n\r\n", "\r\n", "\n"})
  void crlfKeepalivesPass(String keepalive) {
    assertThat(verdict(V4.udp(keepalive))).isEqualTo(Reason.PASS_KEEPALIVE);
  }

  @Test
  void keepaliveInMinimumSizeFramePassesDespiteEthernetPadding() {
    byte[] frame = Frames.from("192.0.2.10").framePadding(14).udp("\r\n\r\n");
    assertThat(frame.length).isEqualTo(60);
    assertThat(verdict(frame)).isEqualTo(Reason.PASS_KEEPALIVE);
  }

  @Test
  void stunKeepalivePasses() {
    byte[] stun = new byte[20];
    stun[1] = 0x01; // Binding request
    stun[4] = 0x21;
    stun[5] = 0x12;
    stun[6] = (byte) 0xa4;
    stun[7] = 0x42;
    stun[8] = 7;
    assertThat(verdict(V4.udp(stun))).isEqualTo(Reason.PASS_KEEPALIVE);
    stun[4] = 0x22; // no magic cookie: not STUN, not SIP
    assertThat(verdict(V4.udp(stun))).isEqualTo(Reason.DROP_SYNTAX);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "INVITE bob@example.com SIP/2.0\r\n",
        "INVITE  sip:bob@example.com SIP/2.0\r\n",
        "SIP/2.0 2000 OK\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        " INVITE sip:bob@example.com SIP/2.0\r\n",
        "INV\u00e9TE sip:bob@example.com SIP/2.0\r\n",
        "\r\nINVITE sip:x",
        "INVITE sip"
      })
  void garbageIsDroppedBySyntaxGate(String payload) {
    assertThat(verdict(V4.udp(payload))).isEqualTo(Reason.DROP_SYNTAX);
  }

  @Test
  void emptyPayloadIsDroppedBySyntaxGate() {
    assertThat(verdict(V4.udp(new byte[0]))).isEqualTo(Reason.DROP_SYNTAX);
  }

  @Test
  void syntaxGateCanBeSwitchedOff() {
    maps.writeConfig(
        new FilterConfig(List.of(5060), false, false, true, false, false, 50, 100, 60));
    assertThat(verdict(V4.udp("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))).isEqualTo(Reason.PASS_SIP);
  }

  @Test
  void optionsStealthDropsOptionsOnlyWhenEnabled() {
    byte[] options = V4.udp("OPTIONS sip:100@192.0.2.1 SIP/2.0\r\n\r\n");
    assertThat(verdict(options)).isEqualTo(Reason.PASS_SIP);
    maps.writeConfig(config(true, false, 50, 100, 60));
    assertThat(verdict(options)).isEqualTo(Reason.DROP_OPTIONS);
    assertThat(verdict(V4.udp(Frames.invite("sip:bob@example.com")))).isEqualTo(Reason.PASS_SIP);
    // a reply to our own OPTIONS ping is not an OPTIONS request
    assertThat(verdict(V4.udp("SIP/2.0 200 OK\r\nCSeq: 5 OPTIONS\r\n\r\n")))
        .isEqualTo(Reason.PASS_SIP);
  }

  @Test
  void optionsFromAllowlistedMonitorPassesStealth() {
    maps.writeConfig(config(true, false, 50, 100, 60));
    allow("192.0.2.0/28");
    assertThat(verdict(V4.udp("OPTIONS sip:100@192.0.2.1 SIP/2.0\r\n\r\n")))
        .isEqualTo(Reason.PASS_ALLOWLIST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "User-Agent: friendly-scanner",
        "User-Agent: FRIENDLY-SCANNER",
        "From: \"sipvicious\"<sip:100@1.1.1.1>;tag=1",
        "Contact: <sip:123@1.1.1.1>",
        "User-Agent: sipcli/v1.8",
        "User-Agent: VaxSIPUserAgent/3.1",
        "User-Agent: pplsip",
        "User-Agent: sundayddr",
        "User-Agent: sip-scan"
      })
  void scannerSignaturesAreDropped(String header) {
    String msg =
        "OPTIONS sip:100@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:5060\r\n"
            + header
            + "\r\nContent-Length: 0\r\n\r\n";
    assertThat(verdict(V4.udp(msg))).isEqualTo(Reason.DROP_SCANNER);
  }

  @Test
  void scannerScanIsBoundedAndSwitchable() {
    String late =
        Frames.paddedRequest("REGISTER", 600)
            .replace("\r\n\r\n", "\r\nUser-Agent: friendly-scanner\r\n\r\n");
    assertThat(verdict(V4.udp(late)))
        .as("signature beyond the first 512 bytes")
        .isEqualTo(Reason.PASS_SIP);
    String early = "REGISTER sip:example.com SIP/2.0\r\nUser-Agent: friendly-scanner\r\n\r\n";
    assertThat(verdict(V4.udp(early))).isEqualTo(Reason.DROP_SCANNER);
    maps.writeConfig(
        new FilterConfig(List.of(5060), false, false, false, true, false, 50, 100, 60));
    assertThat(verdict(V4.udp(early))).isEqualTo(Reason.PASS_SIP);
    // a legitimate client whose name merely contains a signature prefix
    assertThat(
            verdict(
                V4.udp("REGISTER sip:example.com SIP/2.0\r\nUser-Agent: MySipClient 2\r\n\r\n")))
        .isEqualTo(Reason.PASS_SIP);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 15})
  void signaturesAreFoundAtEveryAlignment(int shift) {
    for (String sig :
        new String[] {"friendly-scanner", "sipvicious", "VaxSIPUserAgent", "@1.1.1.1>", "pplsip"}) {
      String msg = "REGISTER sip:example.com SIP/2.0\r\nX: " + "z".repeat(shift) + sig + "\r\n\r\n";
      assertThat(verdict(V4.udp(msg)))
          .as("%s shifted by %d", sig, shift)
          .isEqualTo(Reason.DROP_SCANNER);
    }
  }

  @Test
  void signatureMustEndWithinTheFirst512Bytes() {
    String head = "REGISTER sip:example.com SIP/2.0\r\nX: ";
    String fits = head + "z".repeat(496 - head.length()) + "friendly-scanner" + "z".repeat(100);
    String over = head + "z".repeat(497 - head.length()) + "friendly-scanner" + "z".repeat(100);
    assertThat(verdict(V4.udp(fits))).isEqualTo(Reason.DROP_SCANNER);
    assertThat(verdict(V4.udp(over))).isEqualTo(Reason.PASS_SIP);
  }

  @Test
  void afXdpFlagWithoutSocketFallsBackToPass() {
    maps.writeConfig(new FilterConfig(List.of(5060), false, false, true, true, true, 50, 100, 60));
    assertThat(verdict(V4.udp(Frames.invite("sip:bob@example.com")))).isEqualTo(Reason.PASS_SIP);
  }
}
