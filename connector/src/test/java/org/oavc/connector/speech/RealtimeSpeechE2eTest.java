package org.oavc.connector.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The realtime flavor with real speech against the local Realtime-protocol service (server VAD,
 * Vosk, rule agent, FreeTTS): questions answered in speech, goodbye ends the call with our BYE, and
 * talking over the agent stops our audio and truncates the agent's item to what was played (plus
 * response.cancel while the response is still being generated), as the relay in front of the
 * service sees it.
 */
class RealtimeSpeechE2eTest extends SpeechE2eTestBase {

  @Test
  void whatTimeIsItIsAnsweredWithTheTime() throws Exception {
    askTheTime("realtime", CallerMedia.Codec.PCMU);
  }

  @Test
  void goodbyeIsAnsweredAndTheCallEndsWithOurBye() throws Exception {
    sayGoodbyeAndExpectOurBye("realtime", CallerMedia.Codec.G722);
  }

  @Test
  void talkingOverTheGreetingStopsItAndCancelsAndTruncatesTheResponse() throws Exception {
    call("realtime", CallerMedia.Codec.PCMU, true, Map.of());
    awaitAgentTalking(600);
    CallerMedia.Spoken over = say(SpeechPrompts.HELLO);

    assertAgentQuietWhileCallerTalks(over);
    WsTap.Message truncate =
        await("truncate sent")
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> ai.realtimeTap().clientEvents("conversation.item.truncate"),
                l -> !l.isEmpty())
            .get(0);
    // The local service synthesises faster than real time, so the greeting's response is often
    // done before the caller speaks: then only the truncate applies; otherwise a cancel, too.
    boolean responseWasActive =
        ai.realtimeTap()
            .fromService(m -> m.type().equals("response.done") && m.nanos() < truncate.nanos())
            .isEmpty();
    if (responseWasActive) {
      assertThat(ai.realtimeTap().clientEvents("response.cancel")).isNotEmpty();
    }
    long playedMs = truncate.json().getLong("audio_end_ms");
    long greetingMs = SpeechPrompts.say(LocalAi.GREETING, 8000).length / 8;
    assertThat(playedMs).as("truncated at what was played").isPositive().isLessThan(greetingMs);

    // And the agent then answers the caller.
    // The answer to the caller: the hello rule, or "you said ..." when the start was clipped.
    assertThat(words(reply(over.lastSpeechNanos()))).containsAnyOf("hello", "said");
    hangUpAndAwaitSipp();
  }

  @Test
  void g722CallProbedBeforeTheAnswerGetsWidebandAudioNotG711Passthrough() throws Exception {
    // Reject mode starts the session before the answer, when only the INVITE's offer is known;
    // that offer (G.722) decides the format, not a provisional G.711 assumption.
    call("realtime", CallerMedia.Codec.G722, false, Map.of("AI_FAILURE_ACTION", "reject"));
    assertThat(ai.realtimeTap().clientEvents("session.update"))
        .isNotEmpty()
        .allSatisfy(
            m ->
                assertThat(m.json().encode())
                    .containsAnyOf("\"rate\":24000", "pcm16")
                    .doesNotContain("pcmu", "g711"));
    hangUpAndAwaitSipp();
  }
}
