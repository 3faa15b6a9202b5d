package org.oavc.connector.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Answers to offers as real user agents write them, and the re-INVITEs of a call. */
class SdpCorpusAnswerTest {
  private final SdpAnswerer answerer =
      new SdpAnswerer(new SdpAnswererOptions().setAdvertisedAddress("203.0.113.50"));

  private SdpNegotiation answer(String file, SdpNegotiation previous) throws SdpException {
    return answerer.answer(SdpCorpus.read(file), 35000, previous);
  }

  @Test
  void linphoneAudioTakenVideoRefused() throws Exception {
    SdpNegotiation n = answer("linphone.sdp", null);
    assertThat(n.codec()).isEqualTo(new Codec("opus", 96, 48000, 2, "useinbandfec=1"));
    assertThat(n.telephoneEventPayloadType()).isEqualTo(101);
    assertThat(n.remoteRtp()).isEqualTo(new InetSocketAddress("192.168.1.20", 7078));
    SessionDescription ours = SessionDescription.parse(n.localSdp());
    assertThat(ours.media()).hasSize(2);
    assertThat(ours.media().get(0).port()).isEqualTo(35000);
    MediaDescription video = ours.media().get(1);
    assertThat(video.mediaType()).isEqualTo("video");
    assertThat(video.port()).isZero();
    assertThat(video.formats()).containsExactly("96", "97");
    assertThat(video.attributes()).isEmpty();
  }

  @Test
  void ciscoGatewayWithMediaLevelAddressAndPtime30() throws Exception {
    SdpNegotiation n = answer("cisco.sdp", null);
    assertThat(n.codec().name()).isEqualTo("PCMU");
    assertThat(n.ptimeMs()).isEqualTo(30);
    assertThat(n.telephoneEventPayloadType()).isEqualTo(101);
    assertThat(n.remoteRtp()).isEqualTo(new InetSocketAddress("172.16.10.22", 16434));
    assertThat(n.localSdp()).contains("m=audio 35000 RTP/AVP 0 101\r\n").contains("a=ptime:30\r\n");
  }

  @Test
  void webRtcLikeOfferOverAvpfIgnoresIceAndDtlsLines() throws Exception {
    SdpNegotiation n = answer("webrtc-avpf.sdp", null);
    assertThat(n.codec()).isEqualTo(new Codec("opus", 111, 48000, 2, "minptime=10;useinbandfec=1"));
    assertThat(n.telephoneEventPayloadType()).isEqualTo(110);
    assertThat(n.rtcpMux()).isTrue();
    assertThat(n.remoteRtp()).isEqualTo(new InetSocketAddress("203.0.113.7", 40376));
    assertThat(n.localSdp())
        .contains("m=audio 35000 RTP/AVPF 111 110\r\n")
        .doesNotContain("ice-")
        .doesNotContain("fingerprint")
        .doesNotContain("candidate");
  }

  @Test
  void dtlsSrtpOnlyOfferIsRefused() {
    assertThatThrownBy(() -> answer("webrtc-savpf.sdp", null))
        .isInstanceOf(SdpException.class)
        .hasMessageContaining("UDP/TLS/RTP/SAVPF");
  }

  @Test
  void firstUsableAudioStreamIsTakenOthersRefused() throws Exception {
    SdpNegotiation n = answer("multi-stream.sdp", null);
    assertThat(n.codec()).isEqualTo(new Codec("PCMU", 0, 8000, 1, null));
    assertThat(n.remoteRtp().getPort()).isEqualTo(4000);
    SessionDescription ours = SessionDescription.parse(n.localSdp());
    assertThat(ours.media()).extracting(MediaDescription::port).containsExactly(0, 0, 35000);
    assertThat(ours.media())
        .extracting(MediaDescription::mediaType)
        .containsExactly("image", "audio", "audio");
    assertThat(ours.media().get(0).protocol()).isEqualTo("udptl");
  }

  @Test
  void secondUsableAudioStreamIsRefused() throws Exception {
    String two = SdpCorpus.read("cisco.sdp") + "m=audio 16500 RTP/AVP 0\r\n";
    SdpNegotiation n = answerer.answer(two, 35000, null);
    assertThat(SessionDescription.parse(n.localSdp()).media())
        .extracting(MediaDescription::port)
        .containsExactly(35000, 0);
    assertThat(n.remoteRtp().getPort()).isEqualTo(16434);
  }

  @Test
  void holdAndResumeReInvitesKeepSessionIdAndBumpVersion() throws Exception {
    SdpNegotiation first = answer("linphone.sdp", null);
    SdpNegotiation hold = answer("hold-sendonly.sdp", first);
    assertThat(hold.localDirection()).isEqualTo(MediaDirection.RECVONLY);
    assertThat(hold.sendsMedia()).isFalse();
    assertThat(hold.sessionId()).isEqualTo(first.sessionId());
    assertThat(hold.sessionVersion()).isEqualTo(2);
    assertThat(hold.localSdp()).contains("o=- " + first.sessionId() + " 2 IN IP4 203.0.113.50");
    // the hold offer has no opus: the codec changes to the best one left
    assertThat(hold.codec().name()).isEqualTo("PCMU");

    SdpNegotiation resume = answer("linphone.sdp", hold);
    assertThat(resume.localDirection()).isEqualTo(MediaDirection.SENDRECV);
    assertThat(resume.sessionVersion()).isEqualTo(3);
    assertThat(resume.sessionId()).isEqualTo(first.sessionId());
    // a re-INVITE keeps the codec in use while the offer still has it
    assertThat(resume.codec().name()).isEqualTo("PCMU");
  }

  @Test
  void oldStyleHoldWithZeroAddressMeansDoNotSend() throws Exception {
    SdpNegotiation first = answer("cisco.sdp", null);
    SdpNegotiation hold = answer("hold-c0.sdp", first);
    assertThat(hold.localDirection()).isEqualTo(MediaDirection.RECVONLY);
    assertThat(hold.localSdp()).contains("a=recvonly\r\n");
    assertThat(hold.remoteRtp().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(hold.sendsMedia()).isFalse();
    assertThat(hold.sessionVersion()).isEqualTo(first.sessionVersion() + 1);
    SdpNegotiation holdRecvOnly =
        answerer.answer(SdpCorpus.read("hold-c0.sdp") + "a=recvonly\r\n", 35000, first);
    assertThat(holdRecvOnly.localDirection()).isEqualTo(MediaDirection.INACTIVE);
  }

  @Test
  void inactiveAndRecvonlyReInvites() throws Exception {
    SdpNegotiation first = answer("polycom.sdp", null);
    assertThat(first.localDirection()).isEqualTo(MediaDirection.SENDRECV);
    SdpNegotiation inactive = answer("hold-inactive.sdp", first);
    assertThat(inactive.localDirection()).isEqualTo(MediaDirection.INACTIVE);
    assertThat(inactive.receivesMedia()).isFalse();
    SdpNegotiation recvonly = answer("recvonly.sdp", inactive);
    assertThat(recvonly.localDirection()).isEqualTo(MediaDirection.SENDONLY);
    assertThat(recvonly.sendsMedia()).isTrue();
    assertThat(recvonly.sessionVersion()).isEqualTo(3);
    assertThat(recvonly.codec().name()).isEqualTo("G722");
  }

  /**
   * Issue 17: these endpoints offer only telephone-event/8000 beside Opus. Their offers are
   * modelled on their public documentation and typical SIP traces, not captured from devices.
   */
  @Test
  void asteriskPjsipOpusKeepsTelephoneEventAt8000() throws Exception {
    SdpNegotiation n = assertOpusWithTelephoneEventAt8000("asterisk-pjsip.sdp", 107, 101);
    assertThat(n.codec().fmtp()).isEqualTo("useinbandfec=1");
    assertThat(n.remoteRtp()).isEqualTo(new InetSocketAddress("198.51.100.20", 18210));
  }

  /** Modelled, not captured: GXP21xx payload types, session-level a=sendrecv. */
  @Test
  void grandstreamGxp2170OpusKeepsTelephoneEventAt8000() throws Exception {
    SdpNegotiation n = assertOpusWithTelephoneEventAt8000("grandstream-gxp2170.sdp", 123, 101);
    assertThat(n.localDirection()).isEqualTo(MediaDirection.SENDRECV);
    assertThat(n.remoteRtp()).isEqualTo(new InetSocketAddress("192.168.1.120", 5004));
  }

  /** Modelled, not captured: Bria's static payload types come without rtpmap. */
  @Test
  void briaOpusKeepsTelephoneEventAt8000() throws Exception {
    SdpNegotiation n = assertOpusWithTelephoneEventAt8000("bria.sdp", 120, 101);
    assertThat(n.codec().fmtp()).isEqualTo("useinbandfec=1; usedtx=1");
  }

  /** Opus (our default first choice) and the offered telephone-event/8000 under its number. */
  private SdpNegotiation assertOpusWithTelephoneEventAt8000(String file, int opus, int event)
      throws Exception {
    SdpNegotiation n = answer(file, null);
    assertThat(n.codec().rtpmapEncoding()).isEqualTo("opus/48000/2");
    assertThat(n.codec().payloadType()).isEqualTo(opus);
    assertThat(n.telephoneEventPayloadType()).isEqualTo(event);
    assertThat(n.ptimeMs()).isEqualTo(20);
    assertThat(n.localSdp())
        .contains("m=audio 35000 RTP/AVP " + opus + " " + event + "\r\n")
        .contains("a=rtpmap:" + event + " telephone-event/8000\r\na=fmtp:" + event + " 0-15\r\n")
        .doesNotContain("telephone-event/48000");
    // a re-INVITE with the same offer keeps both
    SdpNegotiation again = answer(file, n);
    assertThat(again.codec()).isEqualTo(n.codec());
    assertThat(again.telephoneEventPayloadType()).isEqualTo(event);
    return n;
  }

  @Test
  void eachCallGetsItsOwnSessionId() throws Exception {
    long a = answer("zoiper.sdp", null).sessionId();
    long b = answer("zoiper.sdp", null).sessionId();
    long c = answer("zoiper.sdp", null).sessionId();
    assertThat(a != b || b != c).isTrue();
  }
}
