package org.oavc.connector.ai.realtime.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.connector.ai.AiCallInfo;

/** The session's pure parts: URL shaping, audio formats, what a barge-in counts as heard. */
class RealtimeImplTest {

  @Test
  void openAiUrlsGetTheModelOthersStayAsTheyAre() throws Exception {
    assertThat(RealtimeSessionImpl.uri("wss://api.openai.com/v1/realtime", "gpt-realtime"))
        .isEqualTo(URI.create("wss://api.openai.com/v1/realtime?model=gpt-realtime"));
    assertThat(
            RealtimeSessionImpl.uri("wss://api.openai.com/v1/realtime?model=mine", "gpt-realtime"))
        .isEqualTo(URI.create("wss://api.openai.com/v1/realtime?model=mine"));
    assertThat(RealtimeSessionImpl.uri("wss://api.openai.com/v1/realtime?x=1", "a b"))
        .isEqualTo(URI.create("wss://api.openai.com/v1/realtime?x=1&model=a+b"));
    assertThat(RealtimeSessionImpl.uri("ws://127.0.0.1:2700", "gpt-realtime"))
        .isEqualTo(URI.create("ws://127.0.0.1:2700"));
  }

  @Test
  void formatFollowsTheCallCodecAndThePassthroughSwitch() {
    assertThat(AudioFormat.forCall(info("PCMU"), true)).isEqualTo(AudioFormat.PCMU);
    assertThat(AudioFormat.forCall(info("pcma"), true)).isEqualTo(AudioFormat.PCMA);
    assertThat(AudioFormat.forCall(info("PCMU"), false)).isEqualTo(AudioFormat.PCM16);
    assertThat(AudioFormat.forCall(info("opus"), true)).isEqualTo(AudioFormat.PCM16);
    assertThat(AudioFormat.PCM16.sampleRate()).isEqualTo(24000);
    assertThat(AudioFormat.PCMA.sampleRate()).isEqualTo(8000);
  }

  @Test
  void pcm16IsLittleEndianBothWays() {
    short[] pcm = {0, 1, -1, 32767, -32768, 0x1234};
    byte[] wire = AudioFormat.PCM16.encode(pcm, pcm.length);
    assertThat(wire).startsWith(0, 0, 1, 0, -1, -1, -1, 0x7f, 0, -128, 0x34, 0x12);
    assertThat(AudioFormat.PCM16.decode(wire)).containsExactly(pcm);
    assertThat(AudioFormat.PCM16.decode(new byte[] {1, 0, 9})).containsExactly((short) 1);
  }

  @Test
  void g711RoundTripStaysClose() {
    short[] pcm = {0, 1000, -1000, 20000, -20000};
    for (AudioFormat law : List.of(AudioFormat.PCMU, AudioFormat.PCMA)) {
      short[] back = law.decode(law.encode(pcm, pcm.length));
      for (int i = 0; i < pcm.length; i++) {
        assertThat((int) back[i])
            .isCloseTo(pcm[i], org.assertj.core.data.Offset.offset(Math.abs(pcm[i]) / 16 + 16));
      }
    }
  }

  @Test
  void heardIsClampedToTheItemsAudio() {
    AgentItem item = new AgentItem("i", 1000, 24000);
    item.received(24000); // one second
    assertThat(item.heardMillis(900)).isZero();
    assertThat(item.heardMillis(1250)).isEqualTo(250);
    assertThat(item.heardMillis(5000)).isEqualTo(1000);
  }

  @Test
  void batcherEmitsWholeBatchesAcrossFrameBoundaries() {
    List<Integer> sizes = new ArrayList<>();
    List<Short> firsts = new ArrayList<>();
    AudioBatcher batcher =
        new AudioBatcher(
            300,
            (pcm, len) -> {
              sizes.add(len);
              firsts.add(pcm[0]);
            });
    for (int f = 0; f < 5; f++) {
      short[] frame = new short[160];
      java.util.Arrays.fill(frame, (short) f);
      batcher.add(frame);
    }
    assertThat(sizes).containsExactly(300, 300);
    assertThat(firsts).containsExactly((short) 0, (short) 1);
  }

  private static AiCallInfo info(String codec) {
    return new AiCallInfo("k", "c", "a", "b", codec, 8000, Map.of());
  }
}
