package org.oavc.connector.ai.guard.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.oavc.connector.ai.guard.GuardOptions;
import org.oavc.connector.ai.guard.Guards;

/** Odd input to the echo guard: wrong frame sizes, odd reference chunks, no reference at all. */
class EchoSuppressorInputTest {
  private static final GuardOptions OPTIONS =
      new GuardOptions().setSampleRate(16000).setFrameMillis(20);

  @Test
  void wrongSizedCallerFramesPassThrough() {
    EchoSuppressor guard = new EchoSuppressor(OPTIONS);
    short[] odd = {1, -2, 3};
    assertThat(guard.nearEnd(odd)).containsExactly(1, -2, 3);
    assertThat(guard.nearEnd(new short[0])).isEmpty();
    assertThat(guard.frames()).isZero();
  }

  @Test
  void referenceInOddChunksGivesTheSameResultAsWholeFrames() throws Exception {
    EchoScenario s = new EchoScenario(16000, TestVoices.agent(16000), null, 60, -6, -50, 0, -1);
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    EchoSuppressor whole =
        new EchoSuppressor(new GuardOptions().setSampleRate(16000).setMeterRegistry(registry));
    EchoSuppressor chunked = new EchoSuppressor(OPTIONS);
    int n = s.frameSamples;
    for (int f = 0; f < s.frames(); f++) {
      short[] sent = java.util.Arrays.copyOfRange(s.far, f * n, (f + 1) * n);
      whole.farEnd(sent);
      // 7 + 313 samples: any chunking of the same stream.
      chunked.farEnd(java.util.Arrays.copyOfRange(sent, 0, 7));
      chunked.farEnd(java.util.Arrays.copyOfRange(sent, 7, n));
      short[] received = java.util.Arrays.copyOfRange(s.near, f * n, (f + 1) * n);
      assertThat(chunked.nearEnd(received.clone()))
          .as("frame %d", f)
          .containsExactly(whole.nearEnd(received.clone()));
    }
    assertThat(chunked.suppressedFrames()).isGreaterThan(s.frames() / 3);
    assertThat(
            registry
                .get("oavc_ai_echo_guard_frames_total")
                .tag("outcome", "suppressed")
                .counter()
                .count())
        .isEqualTo(whole.suppressedFrames());
  }

  @Test
  void withoutAnyReferenceCallerSpeechStillBargesIn() throws Exception {
    short[] caller = TestVoices.caller(16000);
    var guard = Guards.echoGuard(OPTIONS);
    var detector = Guards.bargeInDetector(OPTIONS);
    int fires = 0;
    for (int f = 0; (f + 1) * 320 <= caller.length; f++) {
      short[] x = java.util.Arrays.copyOfRange(caller, f * 320, (f + 1) * 320);
      fires += detector.onFrame(guard.nearEnd(x), true) ? 1 : 0;
    }
    assertThat(fires).isPositive();
  }

  @Test
  void fullScaleGarbageNeitherThrowsNorLeavesTheRange() {
    EchoSuppressor guard = new EchoSuppressor(OPTIONS);
    java.util.Random random = new java.util.Random(3);
    for (int f = 0; f < 200; f++) {
      short[] far = new short[320];
      short[] near = new short[320];
      for (int i = 0; i < 320; i++) {
        far[i] = (short) random.nextInt();
        near[i] = (f & 1) == 0 ? Short.MIN_VALUE : Short.MAX_VALUE;
      }
      guard.farEnd(far);
      assertThat(guard.nearEnd(near)).hasSize(320);
    }
    assertThat(guard.frames()).isEqualTo(200);
  }
}
