package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.speech.LocalAi;

/**
 * Which keys, not just how many: baresip's RFC 4733 digits reach the AI agent as the call's
 * DTMF events, seen in GET /calls/{key} as the caller's turns in the transcript (DTMF_TEXT).
 * The pipeline flavor against the local AI services (Vosk, rule agent, FreeTTS: loaded once for
 * the class, so also tagged "speech"); baresip's microphone is silent so speech cannot interfere.
 */
@Tag("speech")
class BaresipDigitsToAgentE2eTest extends BaresipE2eTestBase {
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
    Map<String, String> settings = new HashMap<>(ai.settings("pipeline", false));
    settings.put("DTMF_TEXT", "The caller pressed %s.");
    CallView live = call(BaresipUa.Codec.PCMU, new short[8000 * 60], settings);
    String keys = "7*0";
    for (int i = 0; i < keys.length(); i++) {
      int expected = i + 1;
      phone.pressKey(keys.charAt(i));
      await("key " + expected + " in the transcript").atMost(WAIT)
          .until(() -> keyTurns(live.key()), t -> t.size() >= expected);
    }
    assertThat(keyTurns(live.key()))
        .containsExactly("The caller pressed 7.", "The caller pressed *.", "The caller pressed 0.");

    phone.hangup();
    assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.CALLER_BYE);
    assertNoDropAfterTheStart(live.key());
    connector.awaitNoPortInUse();
  }

  /** The caller's turns that came from keys, in order. */
  private List<String> keyTurns(String key) throws Exception {
    JsonArray transcript = callJson(key).getJsonObject("ai").getJsonArray("transcript");
    return transcript.stream().map(JsonObject.class::cast)
        .filter(t -> "caller".equals(t.getString("speaker")))
        .map(t -> t.getString("text")).filter(t -> t.startsWith("The caller pressed")).toList();
  }
}
