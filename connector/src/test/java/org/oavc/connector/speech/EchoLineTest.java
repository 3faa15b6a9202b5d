package org.oavc.connector.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The echo-line simulation itself, between two Java peers on loopback: what A says comes back from
 * B no earlier than the configured delay, 6 dB quieter, and still intelligible.
 */
class EchoLineTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 200})
  void audioComesBackDelayedAndAttenuated(int delayMillis) throws Exception {
    try (CallerMedia a = CallerMedia.open(CallerMedia.Codec.PCMU);
        CallerMedia b = CallerMedia.open(CallerMedia.Codec.PCMU)) {
      a.sendTo(b.localAddress());
      b.sendTo(a.localAddress());
      b.echo(delayMillis, -6);
      short[] prompt = SpeechPrompts.say(SpeechPrompts.HELLO, 8000);
      CallerMedia.Spoken spoken = a.say(prompt).get(20, TimeUnit.SECONDS);
      await("the echo of the whole prompt")
          .atMost(Duration.ofSeconds(10))
          .until(() -> a.received().lastSpeechSince(spoken.lastSpeechNanos()).isPresent());

      long firstBack = a.received().firstSpeechSince(spoken.firstSpeechNanos()).orElseThrow();
      assertThat(firstBack - spoken.firstSpeechNanos())
          .as("echo lag in ns")
          .isGreaterThanOrEqualTo(delayMillis * 1_000_000L);
      short[] direct = b.received().audioSince(spoken.firstSpeechNanos());
      short[] echoed = a.received().audioSince(spoken.firstSpeechNanos());
      // -6 dB is half the amplitude; G.711 quantisation keeps the ratio within a few percent.
      assertThat(Pcm.rms(echoed) / Pcm.rms(direct)).isBetween(0.4, 0.6);
      assertThat(SpeechCheck.words(echoed, 8000)).contains("hello");
    }
  }

  @org.junit.jupiter.api.Test
  void withoutEchoNothingComesBack() throws Exception {
    try (CallerMedia a = CallerMedia.open(CallerMedia.Codec.G722);
        CallerMedia b = CallerMedia.open(CallerMedia.Codec.G722)) {
      a.sendTo(b.localAddress());
      b.sendTo(a.localAddress());
      CallerMedia.Spoken spoken =
          a.say(SpeechPrompts.say(SpeechPrompts.GOODBYE, 16000)).get(20, TimeUnit.SECONDS);
      await("B heard A")
          .atMost(Duration.ofSeconds(10))
          .until(() -> b.received().speechMillisSince(spoken.firstSpeechNanos()) > 200);
      await("B's silence frames reach A")
          .atMost(Duration.ofSeconds(10))
          .until(() -> a.received().since(spoken.lastSpeechNanos()).size() > 10);
      assertThat(a.received().speechMillisSince(0)).isZero();
      assertThat(SpeechCheck.words(b.received().audioSince(0), 16000)).contains("goodbye");
    }
  }
}
