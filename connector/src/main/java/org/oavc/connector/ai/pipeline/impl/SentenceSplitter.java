package org.oavc.connector.ai.pipeline.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cuts streamed reply text into sentences as soon as each is complete, so its speech can be
 * requested before the reply ends: a sentence ends at a newline, or at . ! ? followed by white
 * space ("3.5" does not cut), except after abbreviations such as "e.g." or "Dr.".
 */
final class SentenceSplitter {
  private static final Pattern INITIALS = Pattern.compile("(?:\\p{L}\\.){2,}");
  private static final Set<String> TITLES =
      Set.of("mr.", "mrs.", "ms.", "dr.", "st.", "prof.", "no.", "vs.");
  private final StringBuilder pending = new StringBuilder();

  /** Adds a piece of text; returns the sentences it completed, trimmed, in order. */
  List<String> add(String piece) {
    pending.append(piece);
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i + 1 < pending.length(); i++) {
      char c = pending.charAt(i);
      boolean end =
          c == '\n'
              || ((c == '.' || c == '!' || c == '?')
                  && Character.isWhitespace(pending.charAt(i + 1))
                  && !(c == '.' && abbreviation(i)));
      if (end) {
        addIfText(out, pending.substring(start, i + 1));
        start = i + 1;
      }
    }
    pending.delete(0, start);
    return out;
  }

  /** Whether the word ending with the period at {@code dot} is an abbreviation. */
  private boolean abbreviation(int dot) {
    int start = dot;
    while (start > 0 && !Character.isWhitespace(pending.charAt(start - 1))) {
      start--;
    }
    String word = pending.substring(start, dot + 1);
    return INITIALS.matcher(word).matches() || TITLES.contains(word.toLowerCase());
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
