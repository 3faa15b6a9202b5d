package org.oavc.connector.ai.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.oavc.connector.ai.Speaker;

class TranscriptTest {

  @Test
  void keepsTheLatestTurnsMarksBargeInAndSummarises() {
    Transcript t = new Transcript(3, 1000);
    t.add(Speaker.AGENT, "Hello, how can I help?", false);
    t.add(Speaker.CALLER, "what time is it", false);
    t.add(Speaker.AGENT, "It is noon and the weather is", false);
    t.add(Speaker.CALLER, "  stop  ", false);
    t.add(Speaker.CALLER, " ", false);
    t.markLastAgentTurnInterrupted();

    assertThat(t.turns())
        .extracting(Transcript.Turn::text)
        .containsExactly("what time is it", "It is noon and the weather is", "stop");
    assertThat(t.turns())
        .extracting(Transcript.Turn::interrupted)
        .containsExactly(false, true, false);
    assertThat(t.toJson().getJsonObject(1).getString("speaker")).isEqualTo("agent");
    assertThat(t.summary()).isEqualTo("turns=4 caller=2 agent=1 interrupted=1 last=\"stop\"");
  }

  @Test
  void aTurnLongerThanTheBoundIsCutAndMarked() {
    Transcript t = new Transcript(3, 20);
    t.add(Speaker.AGENT, "x".repeat(1_000_000), false);
    t.add(Speaker.CALLER, "short enough", false);
    t.add(Speaker.CALLER, "a".repeat(19) + "\uD83D\uDE00 tail", false); // no half emoji

    assertThat(t.turns().get(0).text()).isEqualTo("x".repeat(20) + " [...]");
    assertThat(t.turns().get(1).text()).isEqualTo("short enough");
    assertThat(t.turns().get(2).text()).isEqualTo("a".repeat(19) + " [...]");
    assertThat(t.toJson().encode().length()).isLessThan(500);
  }
}
