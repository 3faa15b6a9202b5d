package org.oavc.xdp.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads constants and the reason enum out of bpf/sip_filter.h, so tests follow the C side. */
final class FilterHeader {
  static final Path PATH = Path.of("..", "bpf", "sip_filter.h");

  private FilterHeader() {}

  static String text() {
    try {
      return Files.readString(PATH);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + PATH.toAbsolutePath(), e);
    }
  }

  /** The value of {@code #define NAME value}. */
  static int define(String name) {
    Matcher m = Pattern.compile("#define " + name + " (\\d+)").matcher(text());
    if (!m.find()) {
      throw new IllegalStateException("no #define " + name + " in " + PATH);
    }
    return Integer.parseInt(m.group(1));
  }

  /** enum filter_reason's members without the REASON_ prefix, in value order (COUNT last). */
  static List<String> reasons() {
    String text = text();
    int start = text.indexOf("enum filter_reason {");
    String body = text.substring(start, text.indexOf("};", start));
    Matcher m = Pattern.compile("REASON_([A-Z_]+) = (\\d+)").matcher(body);
    List<String> names = new ArrayList<>();
    while (m.find()) {
      if (Integer.parseInt(m.group(2)) != names.size()) {
        throw new IllegalStateException("REASON_" + m.group(1) + " is not " + names.size());
      }
      names.add(m.group(1));
    }
    return names;
  }
}
