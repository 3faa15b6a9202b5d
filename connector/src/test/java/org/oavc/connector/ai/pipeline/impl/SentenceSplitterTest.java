package org.oavc.connector.ai.pipeline.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

  @Test
  void sentencesComeOutAsSoonAsTheyEnd() {
    SentenceSplitter s = new SentenceSplitter();
    assertThat(s.add("Hello")).isEmpty();
    assertThat(s.add(" there. How")).containsExactly("Hello there.");
    assertThat(s.add(" are you? Fine!")).containsExactly("How are you?");
    assertThat(s.flush()).isEqualTo("Fine!");
    assertThat(s.flush()).isNull();
  }

  @Test
  void punctuationInsideAWordDoesNotCut() {
    SentenceSplitter s = new SentenceSplitter();
    assertThat(s.add("Pi is 3.14 and e.g. this. Ask Dr. Who. Not I. Ok"))
        .containsExactly("Pi is 3.14 and e.g. this.", "Ask Dr. Who.", "Not I.");
    assertThat(s.flush()).isEqualTo("Ok");
  }

  @Test
  void newlinesEndSentencesAndBlankOnesAreSkipped() {
    SentenceSplitter s = new SentenceSplitter();
    assertThat(s.add("First line\n\n  \nSecond. ")).containsExactly("First line", "Second.");
    assertThat(s.flush()).isNull();
  }
}
