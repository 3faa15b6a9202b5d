package org.oavc.connector.ai.pipeline.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts streamed reply text into sentences as soon as each is complete, so its speech can be
 * requested before the reply ends: a sentence ends at . ! ? or a newline followed by white
 * space (so "3.5" or "e.g." inside a word do not cut).
 */
final class SentenceSplitter {
  private final StringBuilder pending = new StringBuilder();

  /** Adds a piece of text; returns the sentences it completed, trimmed, in order. */
  List<String> add(String piece) {
    pending.append(piece);
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i + 1 < pending.length(); i++) {
      char c = pending.charAt(i);
      boolean end = c == '\n' || ((c == '.' || c == '!' || c == '?')
          && Character.isWhitespace(pending.charAt(i + 1)));
      if (end) {
        addIfText(out, pending.substring(start, i + 1));
        start = i + 1;
      }
    }
    pending.delete(0, start);
    return out;
  }

  /** The rest once the reply is complete (null when only white space is left). */
  String flush() {
    String rest = pending.toString().trim();
    pending.setLength(0);
    return rest.isEmpty() ? null : rest;
  }

  private static void addIfText(List<String> out, String sentence) {
    String s = sentence.trim();
    if (!s.isEmpty()) {
      out.add(s);
    }
  }
}
