package org.oavc.connector.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.testdouble.SippResult;

/**
 * The pipeline flavor with real speech end to end: the caller's FreeTTS voice goes as RTP
 * through the connector to the local Vosk STT, the rule agent answers over chat completions,
 * FreeTTS speaks the answer, and the RTP we send back is transcribed by Vosk again.
 */
class PipelineSpeechE2eTest extends SpeechE2eTestBase {

  @Test
  void whatTimeIsItIsAnsweredWithTheTime() throws Exception {
    call("pipeline", CallerMedia.Codec.PCMU, false, Map.of());
    CallerMedia.Spoken question = say(SpeechPrompts.WHAT_TIME);

    List<String> heard = words(reply(question.lastSpeechNanos()));
    assertThat(heard).as("reply to 'what time is it'").containsAnyElementsOf(hourWords())
        .containsAnyElementsOf(minuteWords());
    SippResult r = hangUpAndAwaitSipp();
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
  }

  @Test
  void goodbyeIsAnsweredAndTheCallEndsWithOurBye() throws Exception {
    call("pipeline", CallerMedia.Codec.PCMU, false, Map.of());
    CallerMedia.Spoken bye = say(SpeechPrompts.GOODBYE);

    SippResult r = sipp.get(40, TimeUnit.SECONDS);
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    assertThat(SpeechSipp.receivedBye(r)).isTrue();
    assertThat(connector.awaitEnded(call.key(), Duration.ofSeconds(10)).endCause())
        .isEqualTo(EndCause.HANGUP);
    // The goodbye was spoken out before the BYE.
    short[] said = media.received().audioSince(bye.lastSpeechNanos());
    assertThat(SpeechCheck.words(said, media.sampleRate())).contains("thank", "calling");
  }

  @Test
  void g722CallReachesSpeechToTextAt16kHz() throws Exception {
    call("pipeline", CallerMedia.Codec.G722, false, Map.of());
    CallerMedia.Spoken question = say(SpeechPrompts.WHAT_TIME);

    List<String> heard = words(reply(question.lastSpeechNanos()));
    assertThat(heard).containsAnyElementsOf(hourWords()).containsAnyElementsOf(minuteWords());
    assertThat(ai.sttTap().fromClient(m -> m.json().containsKey("config")))
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m.json().getJsonObject("config").getInteger("sample_rate"))
            .isEqualTo(16000));
    SippResult r = hangUpAndAwaitSipp();
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
  }
}
