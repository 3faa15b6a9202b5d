package org.oavc.connector.ai.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.oavc.connector.ai.Speaker;

class TranscriptTest {

  @Test
  void keepsTheLatestTurnsMarksBargeInAndSummarises() {
    Transcript t = new Transcript(3);
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
}
