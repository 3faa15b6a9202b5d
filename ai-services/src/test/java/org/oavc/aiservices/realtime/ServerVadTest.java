package org.oavc.aiservices.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerVadTest {
  private static final int RATE = 24000;

  /** Feeds audio and returns the events it caused, in order. */
  private static java.util.List<ServerVad.Event> feed(ServerVad vad, byte[] pcm) {
    java.util.List<ServerVad.Event> events = new java.util.ArrayList<>();
    vad.accept(pcm, events::add);
    return events;
  }

  private static byte[] tone(int ms, int amplitude) {
    int n = RATE * ms / 1000;
    byte[] out = new byte[n * 2];
    for (int i = 0; i < n; i++) {
      short s = (short) Math.round(amplitude * Math.sin(2 * Math.PI * 300 * i / RATE));
      out[2 * i] = (byte) s;
      out[2 * i + 1] = (byte) (s >> 8);
    }
    return out;
  }

  @Test
  void speechStartsAndStopsWithPrefixIncluded() {
    ServerVad vad = new ServerVad(RATE, 400, 500, 300);
    assertThat(feed(vad, tone(1000, 0))).isEmpty();
    assertThat(feed(vad, tone(800, 5000))).containsExactly(ServerVad.Event.STARTED);
    assertThat(vad.startMs()).isEqualTo(1000);
    assertThat(feed(vad, tone(300, 0))).isEmpty();
    assertThat(feed(vad, tone(300, 0))).containsExactly(ServerVad.Event.STOPPED);
    assertThat(vad.stopMs()).isEqualTo(2300);
    // 300 ms prefix + 60 ms start run + the rest of the speech + 500 ms of closing silence.
    assertThat(vad.takeUtterance().length / 2 * 1000 / RATE).isEqualTo(300 + 800 + 500);
  }

  @Test
  void quietNoiseAndShortClicksAreNotSpeech() {
    ServerVad vad = new ServerVad(RATE, 400, 500, 300);
    assertThat(feed(vad, tone(2000, 200))).isEmpty();
    assertThat(feed(vad, tone(40, 8000))).isEmpty();
    assertThat(feed(vad, tone(500, 0))).isEmpty();
    assertThat(vad.speaking()).isFalse();
  }

  @Test
  void endlessSpeechIsCutAtTheTurnLimit() {
    ServerVad vad = new ServerVad(RATE, 400, 500, 0);
    assertThat(feed(vad, tone(100, 5000))).containsExactly(ServerVad.Event.STARTED);
    java.util.List<Integer> stoppedSizes = new java.util.ArrayList<>();
    for (int i = 0; i < 70 && stoppedSizes.isEmpty(); i++) {
      vad.accept(
          tone(1000, 5000),
          e -> {
            if (e == ServerVad.Event.STOPPED) {
              stoppedSizes.add(vad.takeUtterance().length);
            }
          });
    }
    assertThat(stoppedSizes).hasSize(1);
    assertThat(stoppedSizes.get(0) / 2 * 1000 / RATE)
        .isBetween(ServerVad.MAX_TURN_MS - 100, ServerVad.MAX_TURN_MS + 100);
    // Still loud after the cut: a new turn starts at once.
    assertThat(vad.speaking()).isTrue();
  }
}
