package org.oavc.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No two types of the project share a name: a reader knows which is which from the name alone. */
class TypeNamesTest {
  @Test
  void everyTypeNameIsUnique() throws IOException {
    Map<String, List<String>> byName = new TreeMap<>();
    for (String module : List.of("common", "ai-services", "connector", "xdp-agent", "bench")) {
      for (String tree : List.of("src/main/java", "src/test/java")) {
        Path dir = Path.of("..", module, tree);
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(dir)) {
          files
              .filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java"))
              .forEach(
                  p ->
                      byName
                          .computeIfAbsent(p.getFileName().toString(), k -> new ArrayList<>())
                          .add(Path.of("..").relativize(p).toString()));
        }
      }
    }
    byName.values().removeIf(paths -> paths.size() < 2);
    assertThat(byName).as("type names used more than once").isEmpty();
  }
}
