package org.oavc.connector.recording.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordingFileNamesTest {
  private static final Path DIR = Path.of("/var/lib/oavc/recordings");

  @Test
  void anOpenSipsKeyKeepsItsShapeWithTheStartTime() {
    assertThat(RecordingFileNames.of(DIR, "B2B.100.265.1795386858.1316744372", 1700000000123L))
        .isEqualTo(DIR.resolve("B2B.100.265.1795386858.1316744372_t1700000000123.wav"));
  }

  @Test
  void noKeyLeavesTheDirectoryOrHidesItsFile() {
    for (String key :
        List.of("../../etc/passwd", "/etc/shadow", "..", ".hidden", "a/../../b", "a\0b")) {
      Path p = RecordingFileNames.of(DIR, key, 1);
      assertThat(p.getParent()).as(key).isEqualTo(DIR);
      assertThat(p.normalize()).as(key).isEqualTo(p);
      assertThat(p.getFileName().toString()).as(key).doesNotStartWith(".").doesNotContain("/");
    }
  }

  @Test
  void differentKeysNeverShareAFile() {
    List<String> keys =
        List.of(
            "a_t1", "a", "a.1", "a_2e1", "a.", "a/", "a_2f", "A", "é", "_c3_a9", "a b", "a_20b");
    Set<String> names = new HashSet<>();
    for (String k : keys) {
      assertThat(names.add(RecordingFileNames.of(DIR, k, 1).getFileName().toString()))
          .as("file of key '%s'", k)
          .isTrue();
    }
  }

  @Test
  void theGlobOfAKeyMatchesItsRecordingsOnly() {
    java.nio.file.PathMatcher m =
        DIR.getFileSystem().getPathMatcher("glob:" + RecordingFileNames.globOf("B2B.1"));
    assertThat(m.matches(RecordingFileNames.of(DIR, "B2B.1", 5).getFileName())).isTrue();
    assertThat(m.matches(RecordingFileNames.of(DIR, "B2B.12", 5).getFileName())).isFalse();
    assertThat(m.matches(RecordingFileNames.of(DIR, "B2B.1_t3", 5).getFileName())).isFalse();
  }

  @Test
  void emptyAndOverlongKeysHaveNoFile() {
    assertThat(RecordingFileNames.of(DIR, "", 1)).isNull();
    assertThat(RecordingFileNames.of(DIR, "k".repeat(129), 1)).isNull();
    assertThat(RecordingFileNames.globOf("k".repeat(129))).isNull();
  }
}
