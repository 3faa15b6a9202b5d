package org.oavc.connector.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.oavc.connector.MeterTotals;

/**
 * An echoing line: the caller's phone returns our own audio 0-200 ms later at -6 dB. The agent
 * (realtime flavor with its guard at 8 kHz, whose service also runs its own VAD on what we forward;
 * pipeline flavor with its guard at 16 kHz over the 8 kHz codec) must say its whole greeting
 * without interrupting itself; a real second voice over the echo still interrupts it.
 */
class EchoSpeechE2eTest extends SpeechE2eTestBase {

  @ParameterizedTest
  @CsvSource({"realtime, 0", "realtime, 100", "realtime, 200"})
  void ownEchoDoesNotInterruptTheAgent(String flavor, int delayMillis) throws Exception {
    assertGreetingUninterrupted(flavor, delayMillis);
  }

  @ParameterizedTest
  @CsvSource({"pipeline, 0", "pipeline, 100", "pipeline, 200"})
  void ownEchoDoesNotInterruptThePipelineAgent(String flavor, int delayMillis) throws Exception {
    assertGreetingUninterrupted(flavor, delayMillis);
  }

  private void assertGreetingUninterrupted(String flavor, int delayMillis) throws Exception {
    echoDelayMillis = delayMillis;
    call(flavor, CallerMedia.Codec.PCMU, true, Map.of());

    RtpRecording.Reply greeting = media.received().awaitReply(0, 1500, Duration.ofSeconds(25));
    assertThat(SpeechCheck.words(greeting.audio(), media.sampleRate()))
        .as("the whole greeting, to its last words")
        .contains("help", "you");
    assertThat(ai.realtimeTap().clientEvents("conversation.item.truncate")).isEmpty();
    assertThat(ai.realtimeTap().clientEvents("response.cancel")).isEmpty();
    assertThat(MeterTotals.total(connector.daemon().meters(), "oavc_ai_barge_ins_total")).isZero();
    // Not even paused: an onset on our own echo would put gaps into the agent's speech.
    assertThat(MeterTotals.total(connector.daemon().meters(), "oavc_ai_barge_in_onsets_total"))
        .as("barge-in onsets (playout paused) on echo alone")
        .isZero();
    hangUpAndAwaitSipp();
  }

  @Test
  void aSecondVoiceOverTheEchoStillInterrupts() throws Exception {
    echoDelayMillis = 100;
    call("realtime", CallerMedia.Codec.PCMU, true, Map.of());
    awaitAgentTalking(600);
    CallerMedia.Spoken over = say(SpeechPrompts.HELLO);

    await("truncate sent")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !ai.realtimeTap().clientEvents("conversation.item.truncate").isEmpty());
    // The agent answers what it heard: "Hello! What can I do for you?" when it heard "hello",
    // "you said ... can you hear me" when the first word came through clipped ("oh"; over the
    // agent's voice the suppressor lets the caller through only once double talk is certain, and
    // there is no adaptive canceller yet). Either way a reply to the second voice's words.
    assertThat(words(reply(over.lastSpeechNanos()))).containsAnyOf("hello", "hear");
    hangUpAndAwaitSipp();
  }
}
