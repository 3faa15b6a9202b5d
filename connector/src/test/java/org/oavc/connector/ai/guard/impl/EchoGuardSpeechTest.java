package org.oavc.connector.ai.guard.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.oavc.connector.ai.guard.GuardOptions;
import org.oavc.connector.ai.guard.Guards;

/**
 * The echo guard and barge-in detector on real speech: the agent's own voice echoed back at 0-200
 * ms, -6 and -12 dB, under -50 dBFS line noise, must never read as a barge-in, while a second voice
 * talking over the echo must, soon after it starts.
 */
class EchoGuardSpeechTest {
  private static final double NOISE_DBFS = -50;

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int rate : new int[] {8000, 16000, 24000}) {
      for (int delay : new int[] {0, 40, 120, 200}) {
        for (double gain : new double[] {-6, -12}) {
          b.add(Arguments.of(rate, delay, gain));
        }
      }
    }
    return b.build();
  }

  static GuardOptions options(int rate) {
    return new GuardOptions()
        .setSampleRate(rate)
        .setFrameMillis(20)
        .setMinSpeechMillis(200)
        .setMaxEchoDelayMillis(250);
  }

  @ParameterizedTest(name = "{0} Hz, {1} ms, {2} dB")
  @MethodSource("cases")
  void echoAloneNeverBargesIn(int rate, int delayMillis, double gainDb) throws Exception {
    EchoScenario s =
        new EchoScenario(
            rate, TestVoices.agent(rate), null, delayMillis, gainDb, NOISE_DBFS, 0, -1);
    EchoSuppressor guard = new EchoSuppressor(options(rate));
    EchoScenario.Result r = s.run(guard, Guards.bargeInDetector(options(rate)));
    System.out.printf(
        "echo-only %d Hz %d ms %.0f dB: fires=%d speaking=%d ERLE=%.1f dB, output %.1f dB over noise, delay=%.0f ms%n",
        rate,
        delayMillis,
        gainDb,
        r.fires,
        r.speakingFrames,
        r.erleDb(),
        r.outputOverNoiseDb(),
        guard.delayMillis());
    assertThat(r.fires).as("barge-ins on echo alone").isZero();
    assertThat(r.speakingFrames).as("frames read as caller speech").isLessThan(s.frames() / 20);
    // The line noise stays (as comfort noise), so ERLE is bounded by echo-to-noise: -26 dBFS
    // echo over -50 dBFS noise allows about 20 dB, -32 dBFS about 15.
    assertThat(r.erleDb()).as("echo return loss enhancement, dB").isGreaterThan(12);
    assertThat(r.outputOverNoiseDb()).as("output over line noise, dB").isLessThan(3);
    assertThat(guard.delayMillis()).as("estimated delay").isCloseTo(delayMillis, within(10.0));
  }

  @ParameterizedTest(name = "{0} Hz, {1} ms, {2} dB")
  @MethodSource("cases")
  void secondVoiceOverEchoBargesIn(int rate, int delayMillis, double gainDb) throws Exception {
    EchoScenario s =
        new EchoScenario(
            rate,
            TestVoices.agent(rate),
            TestVoices.caller(rate),
            delayMillis,
            gainDb,
            NOISE_DBFS,
            0,
            2500);
    EchoScenario.Result r =
        s.run(new EchoSuppressor(options(rate)), Guards.bargeInDetector(options(rate)));
    int latency = (r.firstFireFrame - s.callerOnsetFrame) * EchoScenario.FRAME_MILLIS;
    System.out.printf(
        "double-talk %d Hz %d ms %.0f dB: fires=%d latency=%d ms%n",
        rate, delayMillis, gainDb, r.fires, latency);
    assertThat(r.firstFireFrame).as("barge-in frame").isGreaterThanOrEqualTo(s.callerOnsetFrame);
    assertThat(latency).as("caller speech start to barge-in, ms of audio").isBetween(200, 400);
    assertThat(r.fires).as("once per burst of caller speech").isLessThanOrEqualTo(10);
  }

  @Test
  void followsClockDriftAndLouderEcho() throws Exception {
    int rate = 16000;
    EchoScenario s =
        new EchoScenario(rate, TestVoices.agent(rate), null, 150, -3, NOISE_DBFS, 300, -1);
    EchoSuppressor guard = new EchoSuppressor(options(rate));
    EchoScenario.Result r = s.run(guard, Guards.bargeInDetector(options(rate)));
    assertThat(r.fires).isZero();
    // 300 ppm is several times a real clock's error; some echo gets through, never a barge-in.
    assertThat(r.outputOverNoiseDb()).isLessThan(6);
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(ints = {8000, 16000})
  void reverberantSpeakerphoneEchoNeverBargesInButTheCallerStillDoes(int rate) throws Exception {
    double[] room = {0, 1, 20, 0.7, 50, 0.5, 90, 0.35, 150, 0.2};
    EchoScenario echo =
        new EchoScenario(rate, TestVoices.agent(rate), null, 60, -6, NOISE_DBFS, 0, -1, room);
    EchoScenario.Result alone =
        echo.run(new EchoSuppressor(options(rate)), Guards.bargeInDetector(options(rate)));
    EchoScenario talk =
        new EchoScenario(
            rate,
            TestVoices.agent(rate),
            TestVoices.caller(rate),
            60,
            -6,
            NOISE_DBFS,
            0,
            2500,
            room);
    EchoScenario.Result over =
        talk.run(new EchoSuppressor(options(rate)), Guards.bargeInDetector(options(rate)));
    int latency = (over.firstFireFrame - talk.callerOnsetFrame) * EchoScenario.FRAME_MILLIS;
    System.out.printf(
        "reverberant %d Hz: echo alone fires=%d ERLE=%.1f dB; caller latency %d ms%n",
        rate, alone.fires, alone.erleDb(), latency);
    assertThat(alone.fires).isZero();
    assertThat(alone.erleDb()).isGreaterThan(10);
    assertThat(latency).isBetween(200, 500);
  }

  @Test
  void fullBandAt48kHz() throws Exception {
    int rate = 48000;
    EchoScenario echo =
        new EchoScenario(rate, TestVoices.agent(rate), null, 120, -6, NOISE_DBFS, 0, -1);
    EchoScenario.Result alone =
        echo.run(new EchoSuppressor(options(rate)), Guards.bargeInDetector(options(rate)));
    EchoScenario talk =
        new EchoScenario(
            rate, TestVoices.agent(rate), TestVoices.caller(rate), 120, -6, NOISE_DBFS, 0, 2500);
    EchoScenario.Result over =
        talk.run(new EchoSuppressor(options(rate)), Guards.bargeInDetector(options(rate)));
    int latency = (over.firstFireFrame - talk.callerOnsetFrame) * EchoScenario.FRAME_MILLIS;
    System.out.printf(
        "48 kHz: echo alone fires=%d ERLE=%.1f dB; caller latency %d ms%n",
        alone.fires, alone.erleDb(), latency);
    assertThat(alone.fires).isZero();
    assertThat(alone.outputOverNoiseDb()).isLessThan(3);
    assertThat(latency).isBetween(200, 400);
  }

  @Test
  void echoOnANoiselessLineStaysSilent() throws Exception {
    int rate = 16000;
    EchoScenario s = new EchoScenario(rate, TestVoices.agent(rate), null, 80, -6, -100, 0, -1);
    EchoScenario.Result r =
        s.run(new EchoSuppressor(options(rate)), Guards.bargeInDetector(options(rate)));
    System.out.printf(
        "noiseless: fires=%d speaking=%d ERLE=%.1f dB%n", r.fires, r.speakingFrames, r.erleDb());
    assertThat(r.fires).isZero();
    assertThat(r.erleDb()).isGreaterThan(30);
  }

  @Test
  void callerAloneWithoutAgentAudioPassesUnchanged() throws Exception {
    int rate = 16000;
    short[] caller = TestVoices.caller(rate);
    EchoSuppressor guard = new EchoSuppressor(options(rate));
    int frame = rate / 50;
    short[] zeros = new short[frame];
    for (int f = 0; (f + 1) * frame <= caller.length; f++) {
      guard.farEnd(zeros);
      short[] in = java.util.Arrays.copyOfRange(caller, f * frame, (f + 1) * frame);
      assertThat(guard.nearEnd(in.clone())).as("frame %d", f).containsExactly(in);
    }
  }
}
