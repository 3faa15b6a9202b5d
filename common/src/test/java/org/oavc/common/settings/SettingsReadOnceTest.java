package org.oavc.common.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One way to read settings, checked over every module's main sources: each key is read in one place
 * per process (its area's {@code fromSettings}), only keys the shipped config/oavc.env defines are
 * read (so it holds every default), and nothing reaches around the typed getters.
 */
class SettingsReadOnceTest {
  private static final Path ROOT = Path.of("..");
  private static final List<String> MODULES =
      List.of("common", "ai-services", "connector", "xdp-agent");
  private static final Pattern READ =
      Pattern.compile("\\.(string|optional|integer|port|bool|choice|list)\\(\"([A-Z][A-Z0-9_]*)\"");

  /** Keys that name the operator's file, not a setting in it. */
  private static final Set<String> NOT_SETTINGS = Set.of("CONFIG_FILE");

  @Test
  void eachKeyIsReadOncePerModuleAndDefinedInTheShippedFile() {
    Map<String, String> defaults = Settings.defaults();
    List<String> problems = new ArrayList<>();
    for (String module : MODULES) {
      Map<String, List<String>> reads = new TreeMap<>();
      for (Path file : sources(module)) {
        String text = read(file);
        Matcher m = READ.matcher(text);
        while (m.find()) {
          reads
              .computeIfAbsent(m.group(2), k -> new ArrayList<>())
              .add(ROOT.relativize(file) + ":" + line(text, m.start()));
        }
      }
      reads.forEach(
          (key, where) -> {
            if (where.size() > 1) {
              problems.add(module + " reads " + key + " in " + where.size() + " places: " + where);
            }
            if (!defaults.containsKey(key) && !NOT_SETTINGS.contains(key)) {
              problems.add(
                  module + " reads " + key + ", which config/oavc.env does not define: " + where);
            }
          });
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void nothingLooksUpRawKeysOrRestatesADefault() {
    Pattern raw =
        Pattern.compile(
            "asMap\\(\\)\\.(get|getOrDefault|containsKey)\\(|"
                + "\\b(string|bool)\\(\"[A-Z][A-Z0-9_]*\", ");
    List<String> problems = new ArrayList<>();
    for (String module : MODULES) {
      for (Path file : sources(module)) {
        String text = read(file);
        Matcher m = raw.matcher(text);
        while (m.find()) {
          problems.add(ROOT.relativize(file) + ":" + line(text, m.start()) + ": " + m.group());
        }
      }
    }
    assertThat(problems).as("raw lookups or fallbacks beside config/oavc.env").isEmpty();
  }

  private static List<Path> sources(String module) {
    Path dir = ROOT.resolve(module).resolve("src/main/java");
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int line(String text, int offset) {
    int n = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }
}
