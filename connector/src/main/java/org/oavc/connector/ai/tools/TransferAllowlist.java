package org.oavc.connector.ai.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the transfer tool may send a call (TRANSFER_ALLOWED). A model can be talked into naming any
 * number, and a REFER to a premium-rate one costs real money (toll fraud), so every target is
 * checked here before a REFER goes out. An entry is an exact URI or a pattern whose {@code *}
 * stands for one or more characters inside a single URI part: never {@code @ : ; ? < > , "} or
 * white space, so {@code sip:*@pbx.example.com} admits any user at that host and no other host.
 * Matching ignores case. No entries: only the default URI.
 */
public final class TransferAllowlist {
  /** What a target may look like at all: one sip/sips/tel URI, nothing that ends the header. */
  private static final Pattern URI = Pattern.compile("(?i)(sips?|tel):[^\\s<>\"\\\\,\\p{Cntrl}]+");

  private static final String ONE_PART = "[^@:;?<>,\"\\s\\p{Cntrl}]+";

  private final List<String> entries;
  private final List<Pattern> patterns;

  private TransferAllowlist(List<String> entries) {
    this.entries = List.copyOf(entries);
    List<Pattern> compiled = new ArrayList<>();
    for (String e : entries) {
      StringBuilder regex = new StringBuilder();
      for (String literal : e.split("\\*", -1)) {
        if (!regex.isEmpty()) {
          regex.append(ONE_PART);
        }
        regex.append(Pattern.quote(literal.toLowerCase(Locale.ROOT)));
      }
      compiled.add(Pattern.compile(regex.toString()));
    }
    this.patterns = List.copyOf(compiled);
  }

  /**
   * The allowlist of {@code entries}, or of {@code defaultUri} alone when there are none (an empty
   * default then allows nothing). Throws IllegalArgumentException naming a malformed entry.
   */
  public static TransferAllowlist of(List<String> entries, String defaultUri) {
    List<String> list = new ArrayList<>();
    if (entries.isEmpty()) {
      if (defaultUri != null && !defaultUri.isBlank()) {
        list.add(defaultUri.trim());
      }
    } else {
      list.addAll(entries);
    }
    for (String e : list) {
      if (!URI.matcher(e).matches()) {
        throw new IllegalArgumentException(
            "'" + e + "' is not a sip:, sips: or tel: URI or pattern");
      }
    }
    return new TransferAllowlist(list);
  }

  /** True when {@code uri} is a well-formed target that an entry admits. */
  public boolean allows(String uri) {
    if (uri == null || !URI.matcher(uri).matches()) {
      return false;
    }
    String lower = uri.toLowerCase(Locale.ROOT);
    return patterns.stream().anyMatch(p -> p.matcher(lower).matches());
  }

  @Override
  public String toString() {
    return "TransferAllowlist" + entries;
  }
}
