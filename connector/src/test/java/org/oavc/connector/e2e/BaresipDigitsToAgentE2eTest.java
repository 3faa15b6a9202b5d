package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.speech.LocalAi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which keys, not just how many: baresip's RFC 4733 digits reach the AI agent as the call's DTMF
 * events, seen in GET /calls/{key} as the caller's turns in the transcript (DTMF_TEXT). The
 * pipeline flavor against the local AI services (Vosk, rule agent, FreeTTS: loaded once for the
 * class, so also tagged "speech"); baresip's microphone is silent so speech cannot interfere.
 */
@Tag("speech")
class BaresipDigitsToAgentE2eTest extends BaresipE2eTestBase {
  /** An SDP body in baresip's SIP trace: v=0 and the x= lines after it. */
  private static final Pattern SDP = Pattern.compile("v=0\\r?\\n(?:[a-z]=[^\\r\\n]*\\r?\\n)*");

  private static final Logger LOG = LoggerFactory.getLogger(BaresipDigitsToAgentE2eTest.class);
  private static LocalAi ai;

  @BeforeAll
  static void startAi() throws Exception {
    assumeTrue(BaresipUa.isAvailable(), "baresip (Debian package baresip) is not installed");
    ai = LocalAi.start();
  }

  @AfterAll
  static void stopAi() throws Exception {
    if (ai != null) {
      ai.close();
      ai = null;
    }
  }

  @Test
  void eachKeyPressReachesThePipelineAgentAsTheCallersTurn() throws Exception {
    CallView live = call(BaresipUa.Codec.PCMU, new short[8000 * 60], dtmfSettings());
    pressKeysAndHangUp(live, "7*0");
  }

  /**
   * Issue 17: baresip, like Asterisk, Grandstream and Bria, offers telephone-event/8000 only, also
   * beside Opus; our answer must keep it (at 8000) or every key press is lost.
   */
  @Test
  void keysPressedOnAnOpusCallWithTelephoneEventAt8000ReachTheAgent() throws Exception {
    CallView live = call(BaresipUa.Codec.OPUS, new short[48000 * 60], dtmfSettings());
    String offer = newEventSdp();
    assertThat(offer)
        .as("baresip's offer")
        .containsPattern("a=rtpmap:\\d+ opus/48000/2")
        .contains("telephone-event/8000")
        .doesNotContain("telephone-event/48000");
    assertThat(live.codec()).isEqualTo("opus");
    pressKeysAndHangUp(live, "7*0");
  }

  /**
   * Issue 21: the browser phone's transcript feed (server-sent events, found by the caller's
   * Call-ID, no token) pushes each turn while the call lasts, then "end".
   */
  @Test
  void thePhonesTranscriptFeedPushesEachTurnThenEnds() throws Exception {
    CallView live = call(BaresipUa.Codec.PCMU, new short[8000 * 60], dtmfSettings());
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpResponse<java.util.stream.Stream<String>> feed =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        "http://127.0.0.1:"
                            + connector.daemon.httpPort()
                            + "/phone/transcript?call_id="
                            + java.net.URLEncoder.encode(
                                live.callId(), java.nio.charset.StandardCharsets.UTF_8)))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofLines());
    assertThat(feed.statusCode()).isEqualTo(200);
    assertThat(feed.headers().firstValue("content-type")).hasValue("text/event-stream");
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> feed.body().forEach(lines::add), "sse-reader");
    reader.setDaemon(true);
    reader.start();

    pressKeysAndHangUp(live, "5#");
    await("the feed's end event").atMost(WAIT).until(() -> lines.contains("event: end"));
    List<String> pushed =
        lines.stream()
            .filter(l -> l.startsWith("data: {"))
            .map(l -> new JsonObject(l.substring("data: ".length())))
            .filter(t -> "caller".equals(t.getString("speaker")))
            .map(t -> t.getString("text"))
            .toList();
    assertThat(pushed).containsExactly("The caller pressed 5.", "The caller pressed #.");
    await("the feed closed")
        .atMost(WAIT)
        .until(() -> connector.gauge("oavc_phone_feeds_open") == 0);
  }

  private static Map<String, String> dtmfSettings() {
    Map<String, String> settings = new HashMap<>(ai.settings("pipeline", false));
    settings.put("DTMF_TEXT", "The caller pressed %s.");
    return settings;
  }

  /** Presses each key, awaiting its transcript turn, then hangs up from baresip. */
  private void pressKeysAndHangUp(CallView live, String keys) throws Exception {
    for (int i = 0; i < keys.length(); i++) {
      int expected = i + 1;
      phone.pressKey(keys.charAt(i));
      await("key " + expected + " in the transcript")
          .atMost(WAIT)
          .until(() -> keyTurns(live.key()), t -> t.size() >= expected);
    }
    List<String> expected =
        keys.chars().mapToObj(k -> "The caller pressed " + (char) k + ".").toList();
    assertThat(keyTurns(live.key())).containsExactlyElementsOf(expected);

    phone.hangup();
    assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.CALLER_BYE);
    assertNoDropAfterTheStart(live.key());
    connector.awaitNoPortInUse();
  }

  /**
   * The SDP of the NEW event the connector answered (logged): from the double's event log, else (a
   * real OpenSIPS relays it unchanged) the body of the INVITE in baresip's SIP trace.
   */
  private String newEventSdp() {
    String sdp;
    if (target.isDouble()) {
      sdp =
          target.requireDouble().eventsSent().stream()
              .map(w -> new JsonObject(w.text()).getJsonObject("params"))
              .filter(p -> "NEW".equals(p.getString("event_type")))
              .map(p -> p.getString("body"))
              .findFirst()
              .orElseThrow();
    } else {
      String log = phone.log();
      Matcher m = SDP.matcher(log);
      assertThat(m.find(Math.max(0, log.indexOf("INVITE sip:")))).as("SDP in %s", log).isTrue();
      sdp = m.group();
    }
    LOG.info("NEW event offer:\n{}", sdp);
    return sdp;
  }

  /** The caller's turns that came from keys, in order. */
  private List<String> keyTurns(String key) throws Exception {
    JsonArray transcript = callJson(key).getJsonObject("ai").getJsonArray("transcript");
    return transcript.stream()
        .map(JsonObject.class::cast)
        .filter(t -> "caller".equals(t.getString("speaker")))
        .map(t -> t.getString("text"))
        .filter(t -> t.startsWith("The caller pressed"))
        .toList();
  }
}
