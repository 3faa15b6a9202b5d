package org.oavc.connector.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The RFC 3264 answer rules, one by one, on small offers. */
class SdpAnswererTest {
  private static final String HEAD =
      "v=0\r\no=phone 100 200 IN IP4 192.0.2.10\r\ns=call\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final SdpAnswerer answerer =
      new SdpAnswerer(
          new SdpAnswererOptions().setAdvertisedAddress("198.51.100.5").setMeterRegistry(meters));

  private static String offer(String media) {
    return HEAD + media;
  }

  @Test
  void firstAnswerOfACall() throws Exception {
    SdpNegotiation n =
        answerer.answer(
            offer(
                "m=audio 4000 RTP/AVP 8 0 101\r\n"
                    + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n"),
            40000,
            null);
    // PCMU is preferred over PCMA although the offer lists PCMA first
    assertThat(n.codec()).isEqualTo(new Codec("PCMU", 0, 8000, 1, null));
    assertThat(n.telephoneEventPayloadType()).isEqualTo(101);
    assertThat(n.ptimeMs()).isEqualTo(20);
    assertThat(n.localDirection()).isEqualTo(MediaDirection.SENDRECV);
    assertThat(n.remoteRtp()).isEqualTo(new InetSocketAddress("192.0.2.10", 4000));
    assertThat(n.remoteRtcp()).isEqualTo(new InetSocketAddress("192.0.2.10", 4001));
    assertThat(n.rtcpMux()).isFalse();
    assertThat(n.sessionVersion()).isEqualTo(1);
    assertThat(n.sessionId()).isPositive();
    assertThat(n.sendsMedia()).isTrue();
    assertThat(n.timestampUnitsPerPacket()).isEqualTo(160);
    assertThat(n.localSdp())
        .isEqualTo(
            "v=0\r\n"
                + "o=- "
                + n.sessionId()
                + " 1 IN IP4 198.51.100.5\r\n"
                + "s=oavc\r\n"
                + "c=IN IP4 198.51.100.5\r\n"
                + "t=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n");
    assertThat(
            meters
                .counter("oavc_sdp_negotiations_total", "step", "answer", "outcome", "ok")
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void aCallsOwnPreferencesReplaceOursForThatCallOnly() throws Exception {
    String both = offer("m=audio 4000 RTP/AVP 9 0 8\r\n");
    assertThat(answerer.answer(both, 40000, null).codec().name()).isEqualTo("G722");
    List<String> g711 = SdpAnswerer.codecPreferences(List.of("pcma", " PCMU"));
    assertThat(g711).containsExactly("PCMA", "PCMU");
    SdpNegotiation n = answerer.answer(both, 40000, null, g711);
    assertThat(n.codec().name()).isEqualTo("PCMA");
    assertThat(n.localSdp()).contains("m=audio 40000 RTP/AVP 8\r\n");
    // A re-offer keeps the codec in use, then the call's list; our offer lists the call's codecs.
    assertThat(answerer.answer(both, 40000, n, g711).codec().name()).isEqualTo("PCMA");
    assertThat(answerer.offer(40002, null, g711).localSdp()).contains("m=audio 40002 RTP/AVP 8 0 ");
    // The call's list is all there is: no common codec is a 488, even though ours has one.
    assertThatThrownBy(
            () -> answerer.answer(offer("m=audio 4000 RTP/AVP 9\r\n"), 40000, null, g711))
        .isInstanceOf(SdpException.class);
    assertThat(answerer.answer(both, 40000, null).codec().name()).isEqualTo("G722");
  }

  @Test
  void codecPreferenceListsAreChecked() {
    assertThatThrownBy(() -> SdpAnswerer.codecPreferences(List.of("PCMU", "GSM")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GSM");
    assertThatThrownBy(() -> SdpAnswerer.codecPreferences(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ourAnswerParsesBackToWhatWasNegotiated() throws Exception {
    SdpNegotiation n = answerer.answer(SdpCorpus.read("zoiper.sdp"), 35002, null);
    SessionDescription ours = SessionDescription.parse(n.localSdp());
    MediaDescription m = ours.media().get(0);
    assertThat(m.port()).isEqualTo(35002);
    assertThat(m.codecs().get(0).payloadType()).isEqualTo(n.codec().payloadType());
    assertThat(m.codecs().get(1).payloadType()).isEqualTo(n.telephoneEventPayloadType());
    assertThat(ours.directionOf(m)).isEqualTo(n.localDirection());
    assertThat(ours.origin().sessionId()).isEqualTo(Long.toString(n.sessionId()));
  }

  @Test
  void codecFollowsOurPreferenceListIntersectedWithTheOffer() throws Exception {
    String offer = offer("m=audio 4000 RTP/AVP 0 8 9 96\r\na=rtpmap:96 opus/48000/2\r\n");
    assertThat(answerer.answer(offer, 40000, null).codec().name()).isEqualTo("opus");
    SdpAnswerer alaw =
        new SdpAnswerer(new SdpAnswererOptions().setCodecPreferences(List.of("PCMA", "PCMU")));
    assertThat(alaw.answer(offer, 40000, null).codec().payloadType()).isEqualTo(8);
    SdpAnswerer l16Only =
        new SdpAnswerer(new SdpAnswererOptions().setCodecPreferences(List.of("L16")));
    assertThatThrownBy(() -> l16Only.answer(offer, 40000, null))
        .isInstanceOf(SdpException.class)
        .hasMessageContaining("no common codec")
        .hasMessageContaining("PCMU/8000");
    assertThat(
            meters
                .counter("oavc_sdp_negotiations_total", "step", "answer", "outcome", "ok")
                .count())
        .isEqualTo(1.0);
  }

  @ParameterizedTest(name = "static {0} without rtpmap")
  @CsvSource({"0, PCMU", "8, PCMA", "9, G722"})
  void staticPayloadTypesNeedNoRtpmap(int pt, String name) throws Exception {
    SdpNegotiation n = answerer.answer(offer("m=audio 4000 RTP/AVP " + pt + " 3\r\n"), 40000, null);
    assertThat(n.codec()).isEqualTo(new Codec(name, pt, 8000, 1, null));
    assertThat(n.localSdp())
        .contains(
            "m=audio 40000 RTP/AVP " + pt + "\r\n" + "a=rtpmap:" + pt + " " + name + "/8000\r\n");
  }

  @Test
  void codecNamesMatchCaseInsensitivelyAndClockRatesMustFit() throws Exception {
    SdpNegotiation n =
        answerer.answer(
            offer(
                "m=audio 4000 RTP/AVP 97 98 99\r\n"
                    + "a=rtpmap:97 OPUS/16000\r\na=rtpmap:98 pcmu/16000\r\na=rtpmap:99 l16/16000\r\n"),
            40000,
            null);
    // opus must be 48000 and PCMU 8000; L16/16000 is fine
    assertThat(n.codec()).isEqualTo(new Codec("l16", 99, 16000, 1, null));
    assertThat(n.localSdp()).contains("m=audio 40000 RTP/AVP 99\r\na=rtpmap:99 l16/16000\r\n");
  }

  @Test
  void g722KeepsItsRtpmapClockButSamplesAt16k() throws Exception {
    SdpNegotiation n = answerer.answer(SdpCorpus.read("polycom.sdp"), 40000, null);
    assertThat(n.codec()).isEqualTo(new Codec("G722", 9, 8000, 1, null));
    assertThat(n.codec().sampleRate()).isEqualTo(16000);
    assertThat(n.timestampUnitsPerPacket()).isEqualTo(160);
    assertThat(n.telephoneEventPayloadType()).isEqualTo(127);
    assertThat(n.localSdp()).contains("a=rtpmap:9 G722/8000\r\n");
    assertThat(new Codec("PCMU", 0, 8000, 1, null).sampleRate()).isEqualTo(8000);
    assertThat(new Codec("L16", 11, 44100, 1, null).timestampUnits(20)).isEqualTo(882);
  }

  @Test
  void opusIsAnsweredAt48000Over2WithOurReceiveParameters() throws Exception {
    SdpNegotiation n = answerer.answer(SdpCorpus.read("zoiper.sdp"), 40000, null);
    assertThat(n.codec().name()).isEqualTo("opus");
    assertThat(n.codec().payloadType()).isEqualTo(106);
    assertThat(n.codec().clockRate()).isEqualTo(48000);
    assertThat(n.codec().channels()).isEqualTo(2);
    // the remote side's receive parameters, which our encoder must respect
    assertThat(n.codec().fmtp())
        .isEqualTo("sprop-maxcapturerate=16000; minptime=20; useinbandfec=1");
    assertThat(n.localSdp())
        .contains(
            "a=rtpmap:106 opus/48000/2\r\n"
                + "a=fmtp:106 useinbandfec=1;stereo=0;sprop-stereo=0\r\n");
    // telephone-event at the codec's clock rate, not the 8 kHz one
    assertThat(n.telephoneEventPayloadType()).isEqualTo(98);
    assertThat(n.localSdp()).contains("a=rtpmap:98 telephone-event/48000\r\n");
    assertThat(n.timestampUnitsPerPacket()).isEqualTo(960);
  }

  @Test
  void telephoneEventKeepsTheOfferedPayloadTypeOrIsLeftOut() throws Exception {
    String offer = offer("m=audio 4000 RTP/AVP 0 96\r\na=rtpmap:96 telephone-event/8000\r\n");
    assertThat(answerer.answer(offer, 40000, null).telephoneEventPayloadType()).isEqualTo(96);
    SdpAnswerer noDtmf = new SdpAnswerer(new SdpAnswererOptions().setTelephoneEvent(false));
    SdpNegotiation n = noDtmf.answer(offer, 40000, null);
    assertThat(n.telephoneEventPayloadType()).isNull();
    assertThat(n.localSdp()).contains("m=audio 40000 RTP/AVP 0\r\n").doesNotContain("telephone");
    assertThat(
            answerer
                .answer(offer("m=audio 4000 RTP/AVP 0\r\n"), 40000, null)
                .telephoneEventPayloadType())
        .isNull();
  }

  @Test
  void telephoneEventAtAnotherRateIsTakenWhenNoneMatchesTheCodec() throws Exception {
    // issue 17: before, Opus was answered without DTMF and every key press was lost
    SdpNegotiation n =
        answerer.answer(
            offer(
                "m=audio 4000 RTP/AVP 96 0 100\r\n"
                    + "a=rtpmap:96 opus/48000/2\r\na=rtpmap:100 telephone-event/8000\r\n"),
            40000,
            null);
    assertThat(n.codec().name()).isEqualTo("opus");
    assertThat(n.telephoneEventPayloadType()).isEqualTo(100);
    assertThat(n.localSdp())
        .contains("m=audio 40000 RTP/AVP 96 100\r\n")
        .contains("a=rtpmap:100 telephone-event/8000\r\n");
    // with several at other rates, the first offered
    n =
        answerer.answer(
            offer(
                "m=audio 4000 RTP/AVP 96 99 100\r\na=rtpmap:96 opus/48000/2\r\n"
                    + "a=rtpmap:99 telephone-event/16000\r\na=rtpmap:100 telephone-event/8000\r\n"),
            40000,
            null);
    assertThat(n.telephoneEventPayloadType()).isEqualTo(99);
  }

  @ParameterizedTest(name = "ptime {0} maxptime {1} -> {2}")
  @CsvSource({
    "'', '', 20",
    "30, '', 30",
    "5, '', 10",
    "90, '', 60",
    "60, 40, 40",
    "'', 10, 10",
    "25, '', 20",
    "20.0, '', 20"
  })
  void ptimeIsHonouredWithin10To60(String ptime, String maxptime, int expected) throws Exception {
    String attrs =
        (ptime.isEmpty() ? "" : "a=ptime:" + ptime + "\r\n")
            + (maxptime.isEmpty() ? "" : "a=maxptime:" + maxptime + "\r\n");
    SdpNegotiation n = answerer.answer(offer("m=audio 4000 RTP/AVP 0\r\n" + attrs), 40000, null);
    assertThat(n.ptimeMs()).isEqualTo(expected);
    assertThat(n.localSdp()).contains("a=ptime:" + expected + "\r\n");
  }

  @Test
  void sessionLevelPtimeAppliesWhenTheStreamHasNone() throws Exception {
    String offer = HEAD + "a=ptime:40\r\nm=audio 4000 RTP/AVP 0\r\n";
    assertThat(answerer.answer(offer, 40000, null).ptimeMs()).isEqualTo(40);
    assertThat(answerer.answer(offer + "a=ptime:30\r\n", 40000, null).ptimeMs()).isEqualTo(30);
  }

  @Test
  void opusPtimeAvoidsSizesOpusHasNoFrameFor() throws Exception {
    SdpNegotiation n =
        answerer.answer(
            offer("m=audio 4000 RTP/AVP 96\r\n" + "a=rtpmap:96 opus/48000/2\r\na=ptime:30\r\n"),
            40000,
            null);
    assertThat(n.ptimeMs()).isEqualTo(20);
  }

  @Test
  void defaultPtimeComesFromTheOptions() throws Exception {
    SdpAnswerer thirty = new SdpAnswerer(new SdpAnswererOptions().setDefaultPtimeMs(30));
    assertThat(thirty.answer(offer("m=audio 4000 RTP/AVP 0\r\n"), 40000, null).ptimeMs())
        .isEqualTo(30);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "sendrecv, SENDRECV",
    "sendonly, RECVONLY",
    "recvonly, SENDONLY",
    "inactive, INACTIVE"
  })
  void directionIsAnswered(String offered, MediaDirection answered) throws Exception {
    SdpNegotiation n =
        answerer.answer(offer("m=audio 4000 RTP/AVP 0\r\na=" + offered + "\r\n"), 40000, null);
    assertThat(n.localDirection()).isEqualTo(answered);
    assertThat(n.localSdp()).endsWith("a=" + answered.sdpName() + "\r\n");
    assertThat(n.sendsMedia()).isEqualTo(answered.sends());
    assertThat(n.receivesMedia()).isEqualTo(answered.receives());
  }

  @Test
  void rtcpMuxIsAnsweredWhenOffered() throws Exception {
    SdpNegotiation n = answerer.answer(SdpCorpus.read("webrtc-avpf.sdp"), 40000, null);
    assertThat(n.rtcpMux()).isTrue();
    assertThat(n.remoteRtcp()).isNull();
    assertThat(n.localSdp()).contains("a=rtcp-mux\r\n");
    SdpNegotiation plain = answerer.answer(offer("m=audio 4000 RTP/AVP 0\r\n"), 40000, null);
    assertThat(plain.localSdp()).doesNotContain("rtcp-mux");
  }

  @Test
  void rtcpAttributeGivesTheRemoteRtcpAddress() throws Exception {
    SdpNegotiation n =
        answerer.answer(
            offer("m=audio 4000 RTP/AVP 0\r\n" + "a=rtcp:5111 IN IP4 192.0.2.99\r\n"), 40000, null);
    assertThat(n.remoteRtcp()).isEqualTo(new InetSocketAddress("192.0.2.99", 5111));
    SdpNegotiation portOnly = answerer.answer(SdpCorpus.read("linphone.sdp"), 40000, null);
    assertThat(portOnly.remoteRtcp()).isEqualTo(new InetSocketAddress("192.168.1.20", 7079));
    SdpNegotiation junk =
        answerer.answer(offer("m=audio 4000 RTP/AVP 0\r\na=rtcp:x\r\n"), 40000, null);
    assertThat(junk.remoteRtcp()).isEqualTo(new InetSocketAddress("192.0.2.10", 4001));
  }

  @Test
  void unusableOffersAreRefusedWith488() {
    assertRefused(offer("m=video 4000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n"), "not audio");
    assertRefused(offer("m=audio 0 RTP/AVP 0\r\n"), "port 0");
    assertRefused(offer("m=audio 4000 RTP/SAVP 0\r\n"), "RTP/SAVP");
    assertRefused(offer("m=audio 4000 RTP/AVP 18 4\r\n"), "no common codec");
    assertRefused(
        HEAD.replace("c=IN IP4 192.0.2.10\r\n", "") + "m=audio 4000 RTP/AVP 0\r\n", "no c= line");
    assertRefused(
        offer("m=audio 4000 RTP/AVP 0\r\nc=IN IP4 pbx.example.com\r\n"), "not an IP literal");
    assertRefused(offer("m=audio 4000 RTP/AVP 0\r\nc=IN IP4 2001:db8::1\r\n"), "not of type IP4");
    assertRefused("INVITE sip:x SIP/2.0", "v=0");
    assertThat(
            meters
                .counter("oavc_sdp_negotiations_total", "step", "answer", "outcome", "rejected")
                .count())
        .isEqualTo(8.0);
  }

  private void assertRefused(String sdp, String reason) {
    assertThatThrownBy(() -> answerer.answer(sdp, 40000, null))
        .isInstanceOf(SdpException.class)
        .hasMessageContaining(reason)
        .extracting(e -> ((SdpException) e).sipStatus())
        .isEqualTo(488);
  }

  @Test
  void badOptionsFailAtConstruction() {
    assertThatThrownBy(() -> new SdpAnswerer(new SdpAnswererOptions().setAdvertisedAddress("pbx")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pbx");
    assertThatThrownBy(
            () ->
                new SdpAnswerer(
                    new SdpAnswererOptions().setCodecPreferences(List.of("PCMU", "G729"))))
        .hasMessageContaining("G729");
    assertThatThrownBy(
            () -> new SdpAnswerer(new SdpAnswererOptions().setCodecPreferences(List.of())))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> new SdpAnswerer(new SdpAnswererOptions().setDefaultPtimeMs(5)))
        .hasMessageContaining("ptime");
    assertThatThrownBy(() -> answerer.answer(offer("m=audio 4000 RTP/AVP 0\r\n"), 0, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ipv6AdvertisedAddressWritesIp6Lines() throws Exception {
    SdpAnswerer v6 = new SdpAnswerer(new SdpAnswererOptions().setAdvertisedAddress("[::1]"));
    SdpNegotiation n = v6.answer(SdpCorpus.read("ipv6.sdp"), 40000, null);
    assertThat(n.localSdp())
        .contains("o=- " + n.sessionId() + " 1 IN IP6 ::1\r\n")
        .contains("c=IN IP6 ::1\r\n");
    assertThat(n.remoteRtp()).isEqualTo(new InetSocketAddress("2001:db8::15", 49170));
    assertThat(n.codec().name()).isEqualTo("PCMU");
    assertThat(n.ptimeMs()).isEqualTo(40); // ptime 60 offered, maxptime 40
  }
}
