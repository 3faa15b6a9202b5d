package org.oavc.connector.ai.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCall;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiSessionStats;
import org.oavc.connector.ai.Speaker;
import org.oavc.connector.ai.TurnTimings;

/** The echo session's delay line, rate choice and round-trip matching, driven frame by frame. */
class EchoSessionTest {

  /** Collects what the session plays; the timeline is always fully played (no backlog). */
  private static final class PlayedFrames implements AiCall {
    final List<short[]> played = new ArrayList<>();

    @Override
    public AiCallInfo info() {
      return null;
    }

    @Override
    public AgentProfile profile() {
      return null;
    }

    @Override
    public Context context() {
      return null;
    }

    @Override
    public void play(short[] pcm) {
      played.add(pcm);
    }

    @Override
    public long queuedMillis() {
      return 0;
    }

    @Override
    public long playedMillis() {
      return 0;
    }

    @Override
    public boolean playing() {
      return false;
    }

    @Override
    public void stopPlayback() {}

    @Override
    public void transcript(Speaker speaker, String text, boolean interrupted) {}

    @Override
    public Future<JsonObject> invokeTool(String name, JsonObject arguments) {
      return null;
    }

    @Override
    public void turnTimings(TurnTimings timings) {}

    @Override
    public void failed(Throwable cause) {}
  }

  private static AiSession session(
      String codec, int rate, int delayMs, SimpleMeterRegistry meters) {
    return EchoFlavor.factory(
            null, Settings.defaultsWith(Map.of("ECHO_DELAY_MS", Integer.toString(delayMs))), meters)
        .create(new AiCallInfo("k", "c", "a", "b", codec, rate, Map.of()), null);
  }

  private static short[] frame(int samples, int amplitude, int id) {
    short[] f = new short[samples];
    for (int i = 0; i < samples; i++) {
      f[i] = (short) (amplitude * Math.sin(i * 0.3));
    }
    f[0] = (short) id; // marks the frame so the order can be checked
    return f;
  }

  @Test
  void playsEveryFrameBackAfterTheDelayAtTheCodecsOwnRate() {
    AiSession echo = session("G722", 16000, 100, null);
    assertThat(echo.sampleRate()).as("wideband stays wideband").isEqualTo(16000);
    assertThat(session("opus", 48000, 0, null).sampleRate()).isEqualTo(48000);
    assertThat(session("PCMU", 8000, 0, null).sampleRate()).isEqualTo(8000);
    PlayedFrames call = new PlayedFrames();
    echo.start(call);
    for (int i = 1; i <= 12; i++) {
      echo.onCallerAudio(frame(320, 0, i));
    }
    // 100 ms = 5 frames of 20 ms held back
    assertThat(call.played)
        .hasSize(7)
        .extracting(f -> (int) f[0])
        .containsExactly(1, 2, 3, 4, 5, 6, 7);
    echo.close();
    echo.onCallerAudio(frame(320, 0, 13));
    assertThat(call.played).hasSize(7);
  }

  @Test
  void aBurstComingBackAfterWeSentItIsOneRoundTripSample() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    AiSession echo = session("PCMU", 8000, 60, meters);
    PlayedFrames call = new PlayedFrames();
    echo.start(call);
    int id = 0;
    for (int i = 0; i < 5; i++) {
      echo.onCallerAudio(frame(160, 0, 0));
    }
    for (int i = 0; i < 3; i++) {
      echo.onCallerAudio(
          frame(160, 8000, ++id)); // the caller's burst: no burst of ours to match yet
    }
    for (int i = 0; i < 5; i++) {
      echo.onCallerAudio(frame(160, 0, 0)); // our echo of it goes out meanwhile
    }
    assertThat(((AiSessionStats) echo).stats().getJsonObject("roundTrip").getLong("samples"))
        .isZero();
    echo.onCallerAudio(frame(160, 8000, ++id)); // ...and comes back
    for (int i = 0; i < 5; i++) {
      echo.onCallerAudio(frame(160, 0, 0));
    }
    JsonObject rtt = ((AiSessionStats) echo).stats().getJsonObject("roundTrip");
    assertThat(rtt.getLong("samples")).isEqualTo(1);
    assertThat(rtt.getLong("minMillis")).isBetween(0L, RoundTripMeter.MAX_RTT_MILLIS);
    assertThat(meters.timer("oavc_ai_echo_rtt_seconds").count()).isEqualTo(1);
  }
}
