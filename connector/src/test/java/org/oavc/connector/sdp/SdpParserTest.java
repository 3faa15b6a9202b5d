package org.oavc.connector.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SdpParserTest {

  @Test
  void linphoneOfferWithAudioAndVideo() throws Exception {
    SessionDescription sdp = SdpCorpus.parse("linphone.sdp");
    assertThat(sdp.origin()).isEqualTo(new Origin("alice", "3457", "2231", "IP4", "192.168.1.20"));
    assertThat(sdp.sessionName()).isEqualTo("Talk");
    assertThat(sdp.connection()).isEqualTo(new Connection("IP4", "192.168.1.20"));
    assertThat(sdp.attributes()).extracting(SdpAttribute::name).containsExactly("rtcp-xr");
    assertThat(sdp.media()).hasSize(2);

    MediaDescription audio = sdp.media().get(0);
    assertThat(audio.mediaType()).isEqualTo("audio");
    assertThat(audio.port()).isEqualTo(7078);
    assertThat(audio.protocol()).isEqualTo("RTP/AVP");
    assertThat(audio.formats())
        .containsExactly("96", "97", "98", "0", "8", "18", "101", "99", "100");
    assertThat(audio.connection()).isNull();
    assertThat(audio.codecs())
        .extracting(Codec::payloadType)
        .containsExactly(96, 97, 98, 0, 8, 18, 101, 99, 100);
    assertThat(audio.codec(96)).contains(new Codec("opus", 96, 48000, 2, "useinbandfec=1"));
    // static payload types without rtpmap, one of them with an fmtp
    assertThat(audio.codec(0)).contains(new Codec("PCMU", 0, 8000, 1, null));
    assertThat(audio.codec(18)).contains(new Codec("G729", 18, 8000, 1, "annexb=yes"));
    assertThat(audio.codec(99)).contains(new Codec("telephone-event", 99, 16000, 1, null));
    assertThat(audio.attribute("rtcp")).contains("7079");
    assertThat(audio.direction()).isEmpty();
    assertThat(sdp.directionOf(audio)).isEqualTo(MediaDirection.SENDRECV);

    MediaDescription video = sdp.media().get(1);
    assertThat(video.isAudio()).isFalse();
    assertThat(video.port()).isEqualTo(9078);
    // payload type numbers are per media section
    assertThat(video.codec(96)).contains(new Codec("VP8", 96, 90000, 1, null));
  }

  @Test
  void lineEndsCrLfAndLfParseTheSame() throws Exception {
    String crlf = SdpCorpus.read("polycom.sdp");
    assertThat(crlf).contains("\r\n");
    assertThat(SessionDescription.parse(crlf.replace("\r\n", "\n")))
        .isEqualTo(SessionDescription.parse(crlf));
    assertThat(SessionDescription.parse(crlf.replace("\r\n", " \n") + "\n\n"))
        .isEqualTo(SessionDescription.parse(crlf));
  }

  @Test
  void sessionLevelDirectionAppliesToMediaWithoutOwn() throws Exception {
    SessionDescription sdp = SdpCorpus.parse("hold-inactive.sdp");
    assertThat(sdp.media().get(0).direction()).isEmpty();
    assertThat(sdp.directionOf(sdp.media().get(0))).isEqualTo(MediaDirection.INACTIVE);
  }

  @Test
  void mediaLevelConnectionWinsOverSessionLevel() throws Exception {
    SessionDescription sdp = SdpCorpus.parse("cisco.sdp");
    MediaDescription audio = sdp.media().get(0);
    assertThat(sdp.connectionFor(audio)).contains(new Connection("IP4", "172.16.10.22"));
    assertThat(audio.ptime()).hasValue(30);
    assertThat(audio.otherLines()).containsExactly("b=TIAS:64000");
    assertThat(sdp.otherLines()).containsExactly("b=AS:64", "t=0 0");
  }

  @Test
  void ipv6ConnectionAndBracketedOrigin() throws Exception {
    SessionDescription sdp = SdpCorpus.parse("ipv6.sdp");
    assertThat(sdp.connection()).isEqualTo(new Connection("IP6", "2001:db8::15"));
    assertThat(sdp.connection().inetAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:15");
    assertThat(sdp.media().get(0).maxptime()).hasValue(40);
    // as OpenSIPS relays SIPp's IPv6 offer (wire sample 16-ipv6)
    SessionDescription bracketed =
        SessionDescription.parse(
            "v=0\r\no=caller 1 2 IN IP6 [::1]\r\ns=SIPp\r\nc=IN IP6 ::1\r\nt=0 0\r\n"
                + "m=audio 6000 RTP/AVP 0\r\n");
    assertThat(bracketed.origin().address()).isEqualTo("::1");
  }

  @Test
  void unknownLinesAndNonAudioStreamsAreKept() throws Exception {
    SessionDescription sdp = SdpCorpus.parse("multi-stream.sdp");
    assertThat(sdp.media())
        .extracting(MediaDescription::mediaType)
        .containsExactly("image", "audio", "audio");
    MediaDescription image = sdp.media().get(0);
    assertThat(image.protocol()).isEqualTo("udptl");
    assertThat(image.formats()).containsExactly("t38");
    assertThat(image.codecs()).isEmpty();
    assertThat(sdp.media().get(1).port()).isZero();
    assertThat(sdp.media().get(2).otherLines())
        .containsExactly("i=second audio stream", "k=prompt", "x-vendor=ignored");
  }

  @Test
  void webRtcLinesAreReadAsPlainAttributes() throws Exception {
    MediaDescription audio = SdpCorpus.parse("webrtc-avpf.sdp").media().get(0);
    assertThat(audio.rtcpMux()).isTrue();
    assertThat(audio.attribute("fingerprint")).get().asString().startsWith("sha-256 5B:1B");
    assertThat(audio.attribute("ice-ufrag")).contains("ZqX1");
    assertThat(audio.direction()).contains(MediaDirection.SENDRECV);
  }

  @Test
  void multicastTtlAndPortCountAreUnderstood() throws Exception {
    SessionDescription sdp =
        SessionDescription.parse(
            "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 224.2.1.1/127\nt=0 0\nm=audio 5000/2 RTP/AVP 0\n");
    assertThat(sdp.connection().address()).isEqualTo("224.2.1.1");
    assertThat(sdp.media().get(0).portCount()).isEqualTo(2);
  }

  @Test
  void malformedRtpmapAndPtimeAreIgnored() throws Exception {
    MediaDescription m =
        SessionDescription.parse(
                "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 5000 RTP/AVP 0 96\n"
                    + "a=rtpmap:96 opus/fast/2\na=ptime:soon\n")
            .media()
            .get(0);
    assertThat(m.codecs()).extracting(Codec::payloadType).containsExactly(0);
    assertThat(m.ptime()).isEmpty();
  }

  @Test
  void trailingNulPaddingIsNoContent() throws Exception {
    String padded = SdpCorpus.read("zoiper.sdp") + "\0\0\0";
    assertThat(SessionDescription.parse(padded)).isEqualTo(SdpCorpus.parse("zoiper.sdp"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "linphone.sdp", "zoiper.sdp", "cisco.sdp", "polycom.sdp", "webrtc-avpf.sdp",
        "webrtc-savpf.sdp", "hold-sendonly.sdp", "hold-c0.sdp", "hold-inactive.sdp", "recvonly.sdp",
        "ipv6.sdp", "multi-stream.sdp"
      })
  void serialisedDescriptionParsesBackEqual(String file) throws Exception {
    SessionDescription sdp = SdpCorpus.parse(file);
    String text = sdp.toSdp();
    assertThat(text).startsWith("v=0\r\no=").endsWith("\r\n").doesNotContain("\r\n\r\n");
    assertThat(text.replace("\r\n", "")).doesNotContain("\n");
    assertThat(SessionDescription.parse(text)).isEqualTo(sdp);
  }

  @Test
  void serialiserPutsLinesInRfcOrder() throws Exception {
    SessionDescription sdp =
        SessionDescription.parse(
            "v=0\nb=AS:64\nt=0 0\ns=x\n"
                + "o=- 1 1 IN IP4 10.0.0.1\nc=IN IP4 10.0.0.1\na=tool:t\ni=info\n"
                + "m=audio 5000/2 RTP/AVP 0\na=ptime:20\nb=AS:80\nc=IN IP4 10.0.0.2\n");
    assertThat(sdp.toSdp())
        .isEqualTo(
            "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=x\r\ni=info\r\n"
                + "c=IN IP4 10.0.0.1\r\nb=AS:64\r\nt=0 0\r\na=tool:t\r\n"
                + "m=audio 5000/2 RTP/AVP 0\r\nc=IN IP4 10.0.0.2\r\nb=AS:80\r\na=ptime:20\r\n");
  }

  static Stream<Arguments> malformed() {
    String head = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n";
    return Stream.of(
        Arguments.of("null", null, "empty"),
        Arguments.of("empty", "", "empty"),
        Arguments.of("blank", " \r\n\r\n", "empty"),
        Arguments.of("no m= line", head, "no m= line"),
        Arguments.of("text junk", "hello world, this is no SDP", "v=0"),
        Arguments.of("html junk", "<html><body>502</body></html>", "v=0"),
        Arguments.of("binary junk", "v=0\r\no=\u0001\u0002\u0000garbage\r\n", "control character"),
        Arguments.of(
            "wrong version", "v=1\r\n" + head.substring(5) + "m=audio 1 RTP/AVP 0\r\n", "v=0"),
        Arguments.of(
            "no o= line", "v=0\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nm=audio 1 RTP/AVP 0\r\n", "no o="),
        Arguments.of("short o= line", "v=0\r\no=- 1 IN IP4\r\nm=audio 1 RTP/AVP 0\r\n", "bad o="),
        Arguments.of("port too big", head + "m=audio 70000 RTP/AVP 0\r\n", "bad port"),
        Arguments.of("port not a number", head + "m=audio abc RTP/AVP 0\r\n", "bad port"),
        Arguments.of("negative port", head + "m=audio -5 RTP/AVP 0\r\n", "bad port"),
        Arguments.of("m= without formats", head + "m=audio 4000 RTP/AVP\r\n", "m= line"),
        Arguments.of("payload type 128", head + "m=audio 4000 RTP/AVP 0 128\r\n", "payload type"),
        Arguments.of("payload type text", head + "m=audio 4000 RTP/AVP PCMU\r\n", "payload type"),
        Arguments.of(
            "c= wrong net type",
            head.replace("IN IP4 10.0.0.1\r\nt", "XX IP4 1.2.3.4\r\nt")
                + "m=audio 4000 RTP/AVP 0\r\n",
            "bad c="),
        Arguments.of(
            "c= wrong address type",
            head.replace("c=IN IP4", "c=IN IP5") + "m=audio 4000 RTP/AVP 0\r\n",
            "IP5"),
        Arguments.of("second v=", head + "v=0\r\nm=audio 4000 RTP/AVP 0\r\n", "second v="));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedSdpIsRefusedWith488AndAReason(String what, String sdp, String reason) {
    assertThatThrownBy(() -> SessionDescription.parse(sdp))
        .isInstanceOf(SdpException.class)
        .hasMessageContaining(reason)
        .extracting(e -> ((SdpException) e).sipStatus())
        .isEqualTo(488);
  }

  @Test
  void oversizedBodyIsRefused() {
    String huge = "v=0\r\n" + "a=x\r\n".repeat(20_000);
    assertThatThrownBy(() -> SessionDescription.parse(huge)).hasMessageContaining("longer than");
  }
}
