package org.oavc.connector.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated corpus offers (seeded, so every run sees the same inputs): the answerer either answers
 * with SDP that parses back, or refuses with an SdpException. Nothing else escapes.
 */
class SdpRobustnessTest {
  private static final List<String> FILES =
      List.of(
          "linphone.sdp",
          "zoiper.sdp",
          "cisco.sdp",
          "polycom.sdp",
          "webrtc-avpf.sdp",
          "webrtc-savpf.sdp",
          "hold-sendonly.sdp",
          "hold-c0.sdp",
          "ipv6.sdp",
          "multi-stream.sdp");
  private static final String[] NOISE = {
    "",
    " ",
    "=",
    "a=",
    "a=rtpmap:",
    "a=rtpmap:96 ",
    "a=rtcp:",
    "a=rtcp:70000 IN IP4 x",
    "c=IN IP4",
    "c=IN IP6 :::",
    "c=IN IP4 999.1.1.1",
    "m=audio",
    "m=audio 1 RTP/AVP",
    "a=ptime:-1",
    "a=ptime:1e9",
    "a=fmtp:0",
    "o=- 1 1 IN IP4",
    "\u0000",
    "\u00ff\u00fe",
    "/",
    ":"
  };

  private final SdpAnswerer answerer = new SdpAnswerer(new SdpAnswererOptions());

  @Test
  void mutatedOffersAreAnsweredOrRefusedNeverCrash() {
    Random random = new Random(20261122L);
    int answered = 0;
    int refused = 0;
    for (int i = 0; i < 2000; i++) {
      String offer = mutate(SdpCorpus.read(FILES.get(i % FILES.size())), random);
      try {
        SdpNegotiation n = answerer.answer(offer, 35000, null);
        SessionDescription ours = SessionDescription.parse(n.localSdp());
        assertThat(ours.media()).hasSameSizeAs(SessionDescription.parse(offer).media());
        assertThat(n.ptimeMs()).isBetween(10, 60);
        answered++;
      } catch (SdpException e) {
        assertThat(e.sipStatus()).isEqualTo(488);
        assertThat(e.getMessage()).isNotBlank();
        refused++;
      }
    }
    // the mutations must exercise both outcomes, or this test proves little
    assertThat(answered).isGreaterThan(300);
    assertThat(refused).isGreaterThan(300);
  }

  private static String mutate(String sdp, Random random) {
    List<String> lines = new ArrayList<>(Arrays.asList(sdp.split("\r?\n")));
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && !lines.isEmpty(); e++) {
      int at = random.nextInt(lines.size());
      switch (random.nextInt(6)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, lines.get(random.nextInt(lines.size())));
        case 2 -> lines.add(at, NOISE[random.nextInt(NOISE.length)]);
        case 3 -> {
          String l = lines.get(at);
          lines.set(at, l.substring(0, random.nextInt(l.length() + 1)));
        }
        case 4 -> {
          String l = lines.get(at);
          if (!l.isEmpty()) {
            int p = random.nextInt(l.length());
            char c = (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(256));
            lines.set(at, l.substring(0, p) + c + l.substring(p + 1));
          }
        }
        default -> {
          String l = lines.remove(at);
          lines.add(random.nextInt(lines.size() + 1), l);
        }
      }
    }
    return String.join(random.nextBoolean() ? "\r\n" : "\n", lines) + "\r\n";
  }
}
