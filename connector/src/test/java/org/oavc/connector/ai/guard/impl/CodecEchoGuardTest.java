package org.oavc.connector.ai.guard.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.oavc.connector.ai.guard.Guards;

/**
 * The guard on calls whose codec is narrower than the AI side: the echo comes back through the real
 * resampler and codec path (issue 7, pipeline at 16 kHz over PCMU), with line noise at -50 dBFS and
 * without any (a digital line returns exact silence). Echo alone must never read as a barge-in; a
 * second voice over it must, soon after it starts.
 */
class CodecEchoGuardTest {

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    // The AI side's rate over a G.711 call: pipeline (16 kHz), realtime PCM (24 kHz), realtime
    // G.711 passthrough (8 kHz).
    Object[][] calls = {{16000, "PCMU"}, {24000, "PCMU"}, {16000, "PCMA"}, {8000, "PCMU"}};
    for (Object[] call : calls) {
      for (int delay : new int[] {0, 40, 120, 200}) {
        for (double gain : new double[] {-6, -12}) {
          for (double noise : new double[] {-50, -120}) {
            b.add(Arguments.of(call[0], call[1], delay, gain, noise));
          }
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} Hz over {1}, {2} ms, {3} dB, noise {4} dBFS")
  @MethodSource("cases")
  void echoAloneNeverBargesIn(
      int rate, String codec, int delayMillis, double gainDb, double noiseDbfs) throws Exception {
    EchoScenario s =
        CodecLineEcho.build(
            rate, codec, TestVoices.agent(rate), null, delayMillis, gainDb, noiseDbfs, -1);
    EchoSuppressor guard = new EchoSuppressor(EchoGuardSpeechTest.options(rate));
    EchoScenario.Result r = s.run(guard, Guards.bargeInDetector(EchoGuardSpeechTest.options(rate)));
    System.out.printf(
        "codec echo-only %d Hz %s %d ms %.0f dB noise %.0f: fires=%d speaking=%d"
            + " double-talk=%d/%d ERLE=%.1f dB delay=%.0f ms%n",
        rate,
        codec,
        delayMillis,
        gainDb,
        noiseDbfs,
        r.fires,
        r.speakingFrames,
        guard.doubleTalkFrames(),
        guard.frames(),
        r.erleDb(),
        guard.delayMillis());
    assertThat(r.fires).as("barge-ins on echo alone").isZero();
    assertThat(r.speakingFrames).as("frames read as caller speech").isLessThan(s.frames() / 20);
    assertThat(r.erleDb()).as("echo return loss enhancement, dB").isGreaterThan(12);
    if (noiseDbfs < -90) {
      // Nothing but echo on the line: suppressed frames leave digital silence.
      assertThat(r.erleDb()).as("ERLE on a digital line, dB").isGreaterThan(25);
    }
    assertThat(guard.delayMillis()).as("estimated delay").isCloseTo(delayMillis, within(10.0));
  }

  /**
   * A G.722 call (16 kHz codec, guard at 16 kHz): its ADPCM bands shape the echo's spectrum against
   * the reference by a few dB, so more frames pass as double talk than over G.711 (up to 49 of 462
   * read as speech on a digital line), but never long enough to barge in.
   */
  @ParameterizedTest(name = "{0} ms, {1} dB, noise {2} dBFS")
  @CsvSource({
    "0, -6, -120",
    "40, -6, -120",
    "40, -12, -120",
    "120, -6, -50",
    "120, -12, -120",
    "200, -6, -120",
    "200, -12, -50"
  })
  void g722EchoNeverBargesIn(int delayMillis, double gainDb, double noiseDbfs) throws Exception {
    EchoScenario s =
        CodecLineEcho.build(
            16000, "G722", TestVoices.agent(16000), null, delayMillis, gainDb, noiseDbfs, -1);
    EchoSuppressor guard = new EchoSuppressor(EchoGuardSpeechTest.options(16000));
    EchoScenario.Result r =
        s.run(guard, Guards.bargeInDetector(EchoGuardSpeechTest.options(16000)));
    System.out.printf(
        "G.722 echo %d ms %.0f dB noise %.0f: fires=%d speaking=%d double-talk=%d ERLE=%.1f dB%n",
        delayMillis,
        gainDb,
        noiseDbfs,
        r.fires,
        r.speakingFrames,
        guard.doubleTalkFrames(),
        r.erleDb());
    assertThat(r.fires).as("barge-ins on echo alone").isZero();
    assertThat(r.erleDb()).as("echo return loss enhancement, dB").isGreaterThan(12);
  }

  /**
   * The echo delay moves in steps of 20-60 ms, up and down, every 0.8 s: a jitter buffer on the
   * path growing and shrinking. End to end on a loaded machine the delay the guard locked to
   * wandered that way (80 -> 140 ms within 10 s on a 0 ms echo line).
   */
  @ParameterizedTest(name = "{0} Hz, from {1} ms")
  @CsvSource({"8000, 40", "16000, 40", "16000, 120", "24000, 120"})
  void echoWhoseDelayMovesInStepsNeverBargesIn(int rate, int delayMillis) throws Exception {
    EchoScenario s =
        CodecLineEcho.build(
            rate,
            "PCMU",
            TestVoices.agent(rate),
            null,
            delayMillis,
            -6,
            -120,
            -1,
            new int[] {20, 40, -20, 20, 40, -60, 20, 40, 20, -40},
            800);
    EchoSuppressor guard = new EchoSuppressor(EchoGuardSpeechTest.options(rate));
    EchoScenario.Result r = s.run(guard, Guards.bargeInDetector(EchoGuardSpeechTest.options(rate)));
    System.out.printf(
        "moving delay %d Hz from %d ms: fires=%d speaking=%d double-talk=%d/%d ERLE=%.1f dB%n",
        rate,
        delayMillis,
        r.fires,
        r.speakingFrames,
        guard.doubleTalkFrames(),
        guard.frames(),
        r.erleDb());
    assertThat(r.fires).as("barge-ins on echo alone").isZero();
    assertThat(r.speakingFrames).as("frames read as caller speech").isLessThan(s.frames() / 20);
    assertThat(r.erleDb()).as("echo return loss enhancement, dB").isGreaterThan(20);
  }

  @ParameterizedTest(name = "{0} Hz over {1}, {2} ms, {3} dB, noise {4} dBFS")
  @MethodSource("cases")
  void secondVoiceOverEchoBargesIn(
      int rate, String codec, int delayMillis, double gainDb, double noiseDbfs) throws Exception {
    EchoScenario s =
        CodecLineEcho.build(
            rate,
            codec,
            TestVoices.agent(rate),
            TestVoices.caller(rate),
            delayMillis,
            gainDb,
            noiseDbfs,
            2500);
    EchoScenario.Result r =
        s.run(
            new EchoSuppressor(EchoGuardSpeechTest.options(rate)),
            Guards.bargeInDetector(EchoGuardSpeechTest.options(rate)));
    int latency = (r.firstFireFrame - s.callerOnsetFrame) * EchoScenario.FRAME_MILLIS;
    System.out.printf(
        "codec double-talk %d Hz %s %d ms %.0f dB noise %.0f: fires=%d latency=%d ms%n",
        rate, codec, delayMillis, gainDb, noiseDbfs, r.fires, latency);
    assertThat(r.firstFireFrame).as("barge-in frame").isGreaterThanOrEqualTo(s.callerOnsetFrame);
    assertThat(latency).as("caller speech start to barge-in, ms of audio").isBetween(200, 400);
    assertThat(r.fires).as("once per burst of caller speech").isLessThanOrEqualTo(10);
  }
}
