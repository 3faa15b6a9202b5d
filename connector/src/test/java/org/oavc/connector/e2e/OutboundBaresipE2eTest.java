package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;

/**
 * A real baresip as the called party of a placed call, through OpenSIPS (the double, or a real
 * one): it answers with its own SDP (G.722 only), its microphone plays 5 kHz bursts that the echo
 * agent returns, so a wideband path end to end shows in what baresip decoded; then it hangs up. The
 * double answers its BYE without an event, as OpenSIPS did for SIPp's in 17-outbound: the call must
 * end from the media, and with the silence rule set far beyond the test's wait only baresip's RTCP
 * BYE can end it. A real OpenSIPS 3.4.18 does raise TERMINATED for baresip's BYE: either way the
 * call ends as the called party's hang-up.
 */
class OutboundBaresipE2eTest extends BaresipE2eTestBase {

  @Test
  void aBaresipCalleeGetsWidebandAudioAndItsHangUpEndsTheCallByItsRtcpBye() throws Exception {
    Map<String, String> s = new HashMap<>();
    s.put("AI_FLAVOR", "echo");
    s.put("ECHO_DELAY_MS", "300");
    s.put("BARGE_IN_MIN_SPEECH_MS", "5000"); // bursts must not flush the echo (see BaresipE2eTest)
    s.put("OUTBOUND_MEDIA_TIMEOUT_MS", "60000");
    connector = ConnectorUnderTest.start(target, s);
    phone =
        BaresipUa.startCallee(
            "callee-g722", BaresipUa.Codec.G722, ToneBursts.of(16000, 5000, 200, 800, 60_000));
    HttpResponse<String> r =
        connector.http("POST", "/calls", new JsonObject().put("to", phone.calleeUri()).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String key = new JsonObject(r.body()).getString("key");

    JsonObject live = awaitCallJson(key, j -> media(j).getLong("voicedFramesIn") >= 50);
    assertThat(live.getString("direction")).isEqualTo("outbound");
    assertThat(live.getString("codec")).isEqualTo("G722");
    phone.hangup();
    CallView ended = connector.awaitEnded(key);
    assertThat(ended.endCause()).isEqualTo(EndCause.CALLEE_HANGUP);
    // 5 kHz survives only a wideband path: baresip's bursts, echoed back by the agent
    assertThat(ToneBursts.toneFrames(phone.decoded().pcm(), 16000, 5000))
        .as("our echo of its bursts, as baresip decoded it")
        .isGreaterThanOrEqualTo(10);
    connector.awaitNoPortInUse();
  }
}
