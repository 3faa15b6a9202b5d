package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.speech.Pcm;

/**
 * A real phone stack against ours: baresip 1.0.0 ({@link BaresipUa}) calls the daemon through
 * OpenSIPS (the double, or a real one via OPENSIPS_MI/OPENSIPS_SIP) with its own SDP offer, RTP and
 * RTCP, answered by the echo flavor. Its microphone plays tone bursts from a WAV; what it decoded
 * from us is dumped to a WAV, so both ears are checked: ours through GET /calls/{key} (media and ai
 * objects), baresip's through the dump (1.0.0's aufile is a source only, there is no file player).
 * All four cases of the brief run headless on 1.0.0: PCMU to the echo flavor, G.722 wideband,
 * hold/resume (1.0.0 sends no RTP while it holds), RFC 4733 digits (counted here; which keys:
 * {@link BaresipDigitsToAgentE2eTest}). Beyond those: Opus from a real Opus stack (our ear only:
 * baresip dumps it as stereo), RTCP from a real stack (parsed, an RTT from its reports) and our RFC
 * 4733 digits decoded by baresip. Skipped when baresip is absent.
 */
class BaresipE2eTest extends BaresipE2eTestBase {
  private static final int ECHO_DELAY_MS = 300;

  @Test
  void pcmuCallToTheEchoFlavorCarriesAudioBothWaysAndTheCallersByeEndsIt() throws Exception {
    CallView live = call(BaresipUa.Codec.PCMU, 1000, Map.of());
    JsonObject json = awaitFiveBursts(live.key(), "PCMU", 8000);
    assertThat(json.getString("mediaDirection")).isEqualTo("sendrecv");
    assertThat(json.getJsonObject("ai").getString("flavor")).isEqualTo("echo");
    assertThat(media(json).getLong("packetsOut")).isGreaterThanOrEqualTo(100);

    hangUpFromBaresip(live.key());
    assertThat(media(callJson(live.key())).getLong("packetsIn")).isGreaterThanOrEqualTo(50);
    assertBaresipHeard(8000, 1000);
    await()
        .atMost(WAIT)
        .until(() -> connector.daemon.callControl().agent().activeConversations() == 0);
    assertThat(connector.counter("oavc_ai_sessions_total", "outcome", "started")).isEqualTo(1.0);
    connector.awaitNoPortInUse();
  }

  @Test
  void g722CallStaysWidebandEndToEnd() throws Exception {
    // 5 kHz only survives a wideband path: any detour through 8 kHz would remove it.
    CallView live = call(BaresipUa.Codec.G722, 5000, Map.of());
    awaitFiveBursts(live.key(), "G722", 16000);
    hangUpFromBaresip(live.key());
    assertBaresipHeard(16000, 5000);
    connector.awaitNoPortInUse();
  }

  @Test
  void opusCallFromARealOpusStackRunsFullbandWithoutDrops() throws Exception {
    CallView live = call(BaresipUa.Codec.OPUS, 1000, Map.of());
    JsonObject json = awaitFiveBursts(live.key(), "opus", 48000);
    assertThat(media(json).getLong("packetsOut")).isPositive();
    hangUpFromBaresip(live.key());
    connector.awaitNoPortInUse();
  }

  /** Our ear: five tone bursts decoded, on {@code codec}, the echo flavor at {@code aiRate}. */
  private JsonObject awaitFiveBursts(String key, String codec, int aiRate) {
    JsonObject json = awaitCallJson(key, j -> media(j).getLong("voicedFramesIn") >= 50);
    assertThat(json.getString("codec")).isEqualTo(codec);
    assertThat(json.getJsonObject("ai").getJsonObject("stats").getInteger("sampleRate"))
        .isEqualTo(aiRate);
    return json;
  }

  /** baresip hangs up: the call ends by its BYE, and no packet of the call was dropped. */
  private CallView hangUpFromBaresip(String key) throws Exception {
    phone.hangup();
    CallView ended = connector.awaitEnded(key);
    assertThat(ended.endCause()).isEqualTo(EndCause.CALLER_BYE);
    assertNoDropAfterTheStart(key);
    return ended;
  }

  /** baresip's ear: our echo of its own tone bursts, as its decoder gave them (call ended). */
  private void assertBaresipHeard(int rate, double toneHz) throws Exception {
    Pcm.Wav heard = phone.decoded();
    assertThat(heard.rate()).isEqualTo(rate);
    assertThat(ToneBursts.toneFrames(heard.pcm(), rate, toneHz))
        .as(toneHz + " Hz frames baresip decoded")
        .isGreaterThanOrEqualTo(10);
  }

  @Test
  void holdAndResumeFromBaresipAreAnsweredRecvonlyThenSendrecvAndRtpResumes() throws Exception {
    CallView live = call(BaresipUa.Codec.PCMU, 1000, Map.of());
    awaitCallJson(live.key(), j -> media(j).getLong("packetsOut") >= 50);

    phone.control().commandOk("hold", null);
    JsonObject held =
        awaitCallJson(live.key(), j -> "recvonly".equals(j.getString("mediaDirection")));
    // baresip 1.0.0 sends nothing while it holds (sendonly allows that); we must keep quiet too
    long outAtHold = media(held).getLong("packetsOut");
    await("quiet on hold")
        .during(Duration.ofSeconds(1))
        .atMost(WAIT)
        .until(() -> media(callJson(live.key())).getLong("packetsOut") <= outAtHold + 3);
    assertThat(callJson(live.key()).getString("state")).isEqualTo("ACTIVE");

    phone.control().commandOk("resume", null);
    JsonObject resumed =
        awaitCallJson(live.key(), j -> "sendrecv".equals(j.getString("mediaDirection")));
    long outAtResume = media(resumed).getLong("packetsOut");
    long inAtResume = media(resumed).getLong("packetsIn");
    awaitCallJson(
        live.key(),
        j ->
            media(j).getLong("packetsOut") >= outAtResume + 50
                && media(j).getLong("packetsIn") >= inAtResume + 50);
    // what baresip itself got in the 200 OKs of its re-INVITEs (its SIP trace)
    assertThat(phone.log()).contains("a=sendonly").contains("a=recvonly");

    assertThat(hangUpFromBaresip(live.key()).mediaDirection()).isEqualTo("sendrecv");
    connector.awaitNoPortInUse();
  }

  @Test
  void rtcpFromBaresipIsParsedAndItsReportsOnOurSendersGiveTheCallAnRtt() throws Exception {
    CallView live = call(BaresipUa.Codec.PCMU, 1000, Map.of());
    // RTCP on port+1 both ways (neither side offers rtcp-mux); reports go out about every 5 s
    JsonObject json =
        await("an RTT from baresip's receiver reports")
            .atMost(Duration.ofSeconds(40))
            .until(
                () -> callJson(live.key()), j -> media(j) != null && media(j).containsKey("rttMs"));
    assertThat(media(json).getDouble("rttMs")).isBetween(0.0, 1000.0);
    assertThat(media(json).getDouble("remoteLossPercent")).isBetween(0.0, 100.0);
    assertThat(connector.counter("oavc_media_rtcp_packets_total", "direction", "in")).isPositive();
    assertThat(connector.daemon.meters().find("oavc_media_rtcp_malformed_total").counter().count())
        .isZero();
    hangUpFromBaresip(live.key());
    connector.awaitNoPortInUse();
  }

  /**
   * A held phone may send nothing at all (baresip 1.0.0 does not, although sendonly permits it):
   * while the caller holds, RTP_HOLD_TIMEOUT_S (default 600 s) applies instead of RTP_TIMEOUT_S.
   * Before that rule, this call ended with RTP_TIMEOUT 2 s into the hold.
   */
  @Test
  void aCallHeldLongerThanTheRtpTimeoutSurvives() throws Exception {
    CallView live = call(BaresipUa.Codec.PCMU, 1000, Map.of("RTP_TIMEOUT_S", "2"));
    phone.control().commandOk("hold", null);
    awaitCallJson(live.key(), j -> "recvonly".equals(j.getString("mediaDirection")));
    // a held phone may send nothing (baresip 1.0.0 does not): silence is no sign of a dead line
    await("held call kept")
        .during(Duration.ofSeconds(5))
        .atMost(WAIT)
        .until(
            () ->
                connector
                    .daemon
                    .calls()
                    .registry()
                    .find(live.key())
                    .map(v -> v.state() == CallState.ACTIVE)
                    .orElse(false));
    phone.control().commandOk("resume", null);
    awaitCallJson(live.key(), j -> "sendrecv".equals(j.getString("mediaDirection")));
    hangUpFromBaresip(live.key());
    connector.awaitNoPortInUse();
  }

  @Test
  void rfc4733DigitsFromBaresipAreReceivedOncePerKeyPress() throws Exception {
    CallView live = call(BaresipUa.Codec.PCMU, 1000, Map.of());
    String keys = "15#";
    for (int i = 0; i < keys.length(); i++) {
      int expected = i + 1;
      phone.pressKey(keys.charAt(i));
      await("digit " + expected + " received")
          .atMost(WAIT)
          .until(this::digitsIn, d -> d >= expected);
    }
    hangUpFromBaresip(live.key());
    // end-of-event packets come three times; each key counts once
    assertThat(digitsIn()).isEqualTo(keys.length());
    assertThat(phone.log()).contains("telephone-event/8000");
    connector.awaitNoPortInUse();
  }

  @Test
  void digitsTheAgentSendsAreDecodedByBaresip() throws Exception {
    CallView live = call(BaresipUa.Codec.PCMU, 1000, Map.of());
    await()
        .atMost(WAIT)
        .until(() -> connector.daemon.callControl().agent().activeConversations() == 1);
    JsonObject result =
        connector
            .daemon
            .callControl()
            .agent()
            .invokeTool(live.key(), "send_dtmf", new JsonObject().put("digits", "42#"))
            .toCompletionStage()
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);
    assertThat(result.containsKey("error")).as(result::encode).isFalse();
    // baresip's RFC 4733 receiver reports each key it decoded as a CALL_DTMF_START event
    List<String> keys =
        await("baresip decoded 3 keys")
            .atMost(WAIT)
            .until(
                () ->
                    phone.control().events("CALL_DTMF_START").stream()
                        .map(e -> e.getString("param"))
                        .toList(),
                k -> k.size() >= 3);
    assertThat(keys).containsExactly("4", "2", "#");
    assertThat(connector.counter("oavc_media_dtmf_digits_total", "direction", "out"))
        .isEqualTo(3.0);
    hangUpFromBaresip(live.key());
    assertThat(phone.control().events("CALL_DTMF_START")).as("each key once").hasSize(3);
    connector.awaitNoPortInUse();
  }

  /** The daemon with the echo flavor; baresip, playing tone bursts, calls it and is answered. */
  private CallView call(BaresipUa.Codec codec, double toneHz, Map<String, String> settings)
      throws Exception {
    Map<String, String> s = new HashMap<>(settings);
    s.put("AI_FLAVOR", "echo");
    s.put("ECHO_DELAY_MS", Integer.toString(ECHO_DELAY_MS));
    // A burst that overlaps our echo of the one before (a loaded machine delays the echo) would
    // be barge-in and flush what we play; these tests are about media, so bursts never qualify.
    s.put("BARGE_IN_MIN_SPEECH_MS", "5000");
    return call(codec, ToneBursts.of(codec.sampleRate, toneHz, 200, 800, 60_000), s);
  }

  private double digitsIn() {
    return connector.counter("oavc_media_dtmf_digits_total", "direction", "in");
  }
}
