package org.oavc.connector.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our own offers (INVITE without SDP, our re-INVITE) and the answers to them. */
class SdpOfferTest {
  private final SdpAnswerer answerer =
      new SdpAnswerer(new SdpAnswererOptions().setAdvertisedAddress("192.0.2.1"));

  @Test
  void offerListsOurPreferencesAndTelephoneEvents() throws Exception {
    SdpNegotiation n = answerer.offer(36000, null);
    MediaDescription m = SessionDescription.parse(n.localSdp()).media().get(0);
    assertThat(m.port()).isEqualTo(36000);
    assertThat(m.codecs())
        .extracting(Codec::rtpmapEncoding)
        .containsExactly(
            "opus/48000/2",
            "G722/8000",
            "PCMU/8000",
            "PCMA/8000",
            "L16/16000",
            "telephone-event/48000",
            "telephone-event/8000",
            "telephone-event/16000");
    assertThat(m.codecs())
        .extracting(Codec::payloadType)
        .containsExactly(96, 9, 0, 8, 97, 98, 101, 99);
    assertThat(m.fmtp(96)).contains("useinbandfec=1;stereo=0;sprop-stereo=0");
    assertThat(m.fmtp(101)).contains("0-15");
    assertThat(m.ptime()).hasValue(20);
    assertThat(m.direction()).contains(MediaDirection.SENDRECV);
    assertThat(n.remoteRtp()).isNull();
    assertThat(n.remoteRtcp()).isNull();
    assertThat(n.codec().name()).isEqualTo("opus");
    assertThat(n.telephoneEventPayloadType()).isEqualTo(98);
    assertThat(n.sessionVersion()).isEqualTo(1);
  }

  @Test
  void narrowOfferWithoutDtmf() throws Exception {
    SdpAnswerer pcm =
        new SdpAnswerer(
            new SdpAnswererOptions()
                .setAdvertisedAddress("192.0.2.1")
                .setCodecPreferences(List.of("pcma", "PCMU"))
                .setTelephoneEvent(false));
    SdpNegotiation n = pcm.offer(36000, null);
    assertThat(n.localSdp()).contains("m=audio 36000 RTP/AVP 8 0\r\n").doesNotContain("telephone");
    assertThat(n.telephoneEventPayloadType()).isNull();
  }

  @Test
  void answerToOurOfferFixesCodecRemoteAndDirection() throws Exception {
    SdpNegotiation offer = answerer.offer(36000, null);
    String answer =
        "v=0\r\no=phone 5 5 IN IP4 192.0.2.77\r\ns=-\r\nc=IN IP4 192.0.2.77\r\n"
            + "t=0 0\r\nm=audio 9000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n"
            + "a=ptime:30\r\na=sendrecv\r\n";
    SdpNegotiation n = answerer.acceptAnswer(answer, offer);
    assertThat(n.codec()).isEqualTo(new Codec("PCMU", 0, 8000, 1, null));
    assertThat(n.telephoneEventPayloadType()).isEqualTo(101);
    assertThat(n.ptimeMs()).isEqualTo(30);
    assertThat(n.remoteRtp()).isEqualTo(new InetSocketAddress("192.0.2.77", 9000));
    assertThat(n.remoteRtcp()).isEqualTo(new InetSocketAddress("192.0.2.77", 9001));
    assertThat(n.localDirection()).isEqualTo(MediaDirection.SENDRECV);
    assertThat(n.localSdp()).isEqualTo(offer.localSdp());
    assertThat(n.sessionVersion()).isEqualTo(offer.sessionVersion());
  }

  @Test
  void answeredDirectionNarrowsOurs() throws Exception {
    SdpNegotiation offer = answerer.offer(36000, null);
    String base =
        "v=0\r\no=p 5 5 IN IP4 192.0.2.77\r\ns=-\r\nc=IN IP4 192.0.2.77\r\nt=0 0\r\n"
            + "m=audio 9000 RTP/AVP 8\r\n";
    assertThat(answerer.acceptAnswer(base + "a=recvonly\r\n", offer).localDirection())
        .isEqualTo(MediaDirection.SENDONLY);
    assertThat(answerer.acceptAnswer(base + "a=sendonly\r\n", offer).localDirection())
        .isEqualTo(MediaDirection.RECVONLY);
    SdpNegotiation hold = answerer.offer(36000, offer, MediaDirection.SENDONLY);
    assertThat(hold.localSdp()).contains("a=sendonly\r\n");
    assertThat(answerer.acceptAnswer(base + "a=recvonly\r\n", hold).localDirection())
        .isEqualTo(MediaDirection.SENDONLY);
    assertThat(answerer.acceptAnswer(base + "a=inactive\r\n", hold).localDirection())
        .isEqualTo(MediaDirection.INACTIVE);
  }

  @Test
  void reInviteOfferKeepsTheCodecInUseFirstWithItsPayloadType() throws Exception {
    SdpNegotiation call = answerer.answer(SdpCorpus.read("zoiper.sdp"), 36000, null);
    SdpNegotiation reinvite = answerer.offer(36000, call);
    assertThat(reinvite.sessionId()).isEqualTo(call.sessionId());
    assertThat(reinvite.sessionVersion()).isEqualTo(call.sessionVersion() + 1);
    assertThat(reinvite.codec()).isEqualTo(call.codec());
    MediaDescription m = SessionDescription.parse(reinvite.localSdp()).media().get(0);
    assertThat(m.formats().get(0)).isEqualTo("106");
    assertThat(m.codec(106).orElseThrow().rtpmapEncoding()).isEqualTo("opus/48000/2");
    assertThat(m.codec(98).orElseThrow().isTelephoneEvent()).isTrue();
    assertThat(m.formats()).doesNotHaveDuplicates();
    assertThat(reinvite.telephoneEventPayloadType()).isEqualTo(98);
    assertThat(m.rtcpMux()).isTrue();
  }

  @Test
  void reInviteOfferKeepsTelephoneEventAt8000InUseBesideOpus() throws Exception {
    SdpNegotiation call = answerer.answer(SdpCorpus.read("asterisk-pjsip.sdp"), 36000, null);
    assertThat(call.telephoneEventPayloadType()).isEqualTo(101);
    SdpNegotiation reinvite = answerer.offer(36000, call);
    MediaDescription m = SessionDescription.parse(reinvite.localSdp()).media().get(0);
    // RFC 3264 section 8.3.2: 101 keeps its format; the 48 kHz one gets a number of its own
    assertThat(m.codec(101).orElseThrow().rtpmapEncoding()).isEqualTo("telephone-event/8000");
    assertThat(m.codecs())
        .filteredOn(Codec::isTelephoneEvent)
        .extracting(Codec::clockRate)
        .doesNotHaveDuplicates()
        .contains(48000, 8000);
    assertThat(m.formats()).doesNotHaveDuplicates();
    assertThat(reinvite.telephoneEventPayloadType()).isEqualTo(101);

    SdpNegotiation opusOnly =
        new SdpAnswerer(
                new SdpAnswererOptions()
                    .setAdvertisedAddress("192.0.2.1")
                    .setCodecPreferences(List.of("opus")))
            .offer(36000, call);
    // no 8 kHz codec is listed, yet the telephone-event in use is
    assertThat(opusOnly.localSdp()).contains("a=rtpmap:101 telephone-event/8000\r\n");
    assertThat(opusOnly.telephoneEventPayloadType()).isEqualTo(101);
  }

  @Test
  void answerWithTelephoneEventAt8000BesideOpusIsTaken() throws Exception {
    SdpNegotiation offer = answerer.offer(36000, null);
    String head = "v=0\r\no=p 5 5 IN IP4 192.0.2.77\r\ns=-\r\nc=IN IP4 192.0.2.77\r\nt=0 0\r\n";
    SdpNegotiation n =
        answerer.acceptAnswer(
            head
                + "m=audio 9000 RTP/AVP 96 101\r\n"
                + "a=rtpmap:96 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n",
            offer);
    assertThat(n.codec().name()).isEqualTo("opus");
    assertThat(n.telephoneEventPayloadType()).isEqualTo(101);
    // the 48 kHz one wins when both are answered; a rate we never offered is not taken
    assertThat(
            answerer
                .acceptAnswer(
                    head
                        + "m=audio 9000 RTP/AVP 96 101 98\r\n"
                        + "a=rtpmap:96 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n"
                        + "a=rtpmap:98 telephone-event/48000\r\n",
                    offer)
                .telephoneEventPayloadType())
        .isEqualTo(98);
    assertThat(
            answerer
                .acceptAnswer(
                    head
                        + "m=audio 9000 RTP/AVP 96 100\r\n"
                        + "a=rtpmap:96 opus/48000/2\r\na=rtpmap:100 telephone-event/32000\r\n",
                    offer)
                .telephoneEventPayloadType())
        .isNull();
  }

  @Test
  void reInviteOfferKeepsEveryMediaLineAndTheProfile() throws Exception {
    // Linphone offered audio + video; we refused video. Our re-INVITE must list both again.
    SdpNegotiation call = answerer.answer(SdpCorpus.read("linphone.sdp"), 36000, null);
    SdpNegotiation reinvite = answerer.offer(36002, call, MediaDirection.SENDONLY);
    List<MediaDescription> media = SessionDescription.parse(reinvite.localSdp()).media();
    assertThat(media).extracting(MediaDescription::mediaType).containsExactly("audio", "video");
    assertThat(media).extracting(MediaDescription::port).containsExactly(36002, 0);
    String answer =
        "v=0\r\no=alice 3457 2240 IN IP4 192.168.1.20\r\ns=Talk\r\n"
            + "c=IN IP4 192.168.1.20\r\nt=0 0\r\nm=audio 7078 RTP/AVP 96 101\r\n"
            + "a=rtpmap:96 opus/48000/2\r\na=rtpmap:101 telephone-event/48000\r\na=recvonly\r\n"
            + "m=video 0 RTP/AVP 96\r\n";
    SdpNegotiation held = answerer.acceptAnswer(answer, reinvite);
    assertThat(held.localDirection()).isEqualTo(MediaDirection.SENDONLY);
    assertThat(held.codec().payloadType()).isEqualTo(96);
    assertThat(held.telephoneEventPayloadType()).isEqualTo(101);

    SdpNegotiation webrtc = answerer.answer(SdpCorpus.read("webrtc-avpf.sdp"), 36000, null);
    assertThat(answerer.offer(36000, webrtc).localSdp())
        .contains("m=audio 36000 RTP/AVPF 111 ")
        .contains("a=rtcp-mux\r\n");
  }

  @Test
  void unusableAnswersAreRefused() throws Exception {
    SdpNegotiation offer = answerer.offer(36000, null);
    String head = "v=0\r\no=p 5 5 IN IP4 192.0.2.77\r\ns=-\r\nc=IN IP4 192.0.2.77\r\nt=0 0\r\n";
    assertThatThrownBy(() -> answerer.acceptAnswer(head + "m=audio 0 RTP/AVP 0\r\n", offer))
        .isInstanceOf(SdpException.class)
        .hasMessageContaining("port 0");
    assertThatThrownBy(() -> answerer.acceptAnswer(head + "m=audio 9000 RTP/AVP 18\r\n", offer))
        .hasMessageContaining("no codec from our offer");
    assertThatThrownBy(
            () ->
                answerer.acceptAnswer(
                    head + "m=audio 9000 RTP/AVP 0\r\nm=video 0 RTP/AVP 96\r\n", offer))
        .hasMessageContaining("m= lines");
    assertThatThrownBy(() -> answerer.acceptAnswer("garbage", offer)).hasMessageContaining("v=0");
  }
}
