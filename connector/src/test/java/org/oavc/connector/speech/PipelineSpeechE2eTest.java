package org.oavc.connector.speech;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.oavc.connector.MeterTotals;

/**
 * The pipeline flavor with real speech end to end: the caller's FreeTTS voice goes as RTP through
 * the connector to the local Vosk STT, the rule agent answers over chat completions, FreeTTS speaks
 * the answer, and the RTP we send back is transcribed by Vosk again. Talking over the agent stops
 * it.
 */
class PipelineSpeechE2eTest extends SpeechE2eTestBase {

  @Test
  void whatTimeIsItIsAnsweredWithTheTime() throws Exception {
    askTheTime("pipeline", CallerMedia.Codec.PCMU);
  }

  @Test
  void goodbyeIsAnsweredAndTheCallEndsWithOurBye() throws Exception {
    sayGoodbyeAndExpectOurBye("pipeline", CallerMedia.Codec.PCMU);
  }

  @Test
  void talkingOverTheGreetingStopsItAndTheAgentAnswersTheCaller() throws Exception {
    call("pipeline", CallerMedia.Codec.PCMU, true, java.util.Map.of());
    awaitAgentTalking(600);
    CallerMedia.Spoken over = say(SpeechPrompts.HELLO);

    assertAgentQuietWhileCallerTalks(over);
    assertThat(MeterTotals.total(connector.daemon().meters(), "oavc_ai_barge_ins_total"))
        .isGreaterThanOrEqualTo(1);
    // The answer to the caller: the hello rule, or "you said ..." when the start was clipped.
    assertThat(words(reply(over.lastSpeechNanos()))).containsAnyOf("hello", "said");
    hangUpAndAwaitSipp();
  }

  @Test
  void g722CallReachesSpeechToTextAt16kHz() throws Exception {
    askTheTime("pipeline", CallerMedia.Codec.G722);
    assertThat(ai.sttTap().fromClient(m -> m.json().containsKey("config")))
        .isNotEmpty()
        .allSatisfy(
            m ->
                assertThat(m.json().getJsonObject("config").getInteger("sample_rate"))
                    .isEqualTo(16000));
    assertThat(sttErrors("audio_before_config")).as("audio sent before the STT config").isZero();
  }
}
