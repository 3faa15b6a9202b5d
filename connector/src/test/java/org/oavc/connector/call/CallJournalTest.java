package org.oavc.connector.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The call journal on a real file system: what one run leaves open, the next one reads. */
class CallJournalTest {

  @Test
  void keysOpenedAndNotClosedAreTheNextRunsLeftover(@TempDir Path dir) {
    Path state = dir.resolve("state");
    try (CallJournal first = CallJournal.open(state)) {
      assertThat(first.leftover()).isEmpty();
      first.opened("B2B.1.1.1.1");
      first.opened("B2B.2.2.2.2");
      first.opened("B2B.3.3.3.3");
      first.closed("B2B.2.2.2.2");
    }
    try (CallJournal second = CallJournal.open(state)) {
      assertThat(second.leftover()).containsExactlyInAnyOrder("B2B.1.1.1.1", "B2B.3.3.3.3");
      second.closed("B2B.1.1.1.1");
    }
    try (CallJournal third = CallJournal.open(state)) {
      assertThat(third.leftover()).containsExactly("B2B.3.3.3.3");
    }
  }

  @Test
  void theStateDirectoryIsPrivateToItsUser(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("a/b");
    CallJournal.open(state).close();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
        .isEqualTo("rwx------");
  }

  @Test
  void aTornLastLineAndJunkAreIgnored(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve(CallJournal.FILE_NAME),
        "+B2B.1.1.1.1\n+B2B.2.2.2.2\n-B2B.2.2.2.2\nnoise\n\n+",
        StandardCharsets.UTF_8);
    try (CallJournal j = CallJournal.open(dir)) {
      assertThat(j.leftover()).containsExactly("B2B.1.1.1.1");
    }
  }

  @Test
  void theFileStaysSmallOverManyCalls(@TempDir Path dir) throws Exception {
    try (CallJournal j = CallJournal.open(dir)) {
      for (int i = 0; i < 50_000; i++) {
        j.opened("B2B." + i + ".1.1.1");
        j.closed("B2B." + i + ".1.1.1");
        if (i % 10_000 == 0) { // calls do not come 100 000 a second: let the writer keep up
          org.awaitility.Awaitility.await().until(() -> j.backlog() == 0);
        }
      }
      j.opened("B2B.still.open.1.1");
      assertThat(j.lost()).isZero();
    }
    // compacted every 20 000 lines: what is left is the tail since the last rewrite
    assertThat(Files.size(dir.resolve(CallJournal.FILE_NAME))).isLessThan(20_000L * 24);
    try (CallJournal j = CallJournal.open(dir)) {
      assertThat(j.leftover()).containsExactly("B2B.still.open.1.1");
    }
    assertThat(Files.readString(dir.resolve(CallJournal.FILE_NAME)))
        .isEqualTo("+B2B.still.open.1.1\n");
  }

  @Test
  void aStateDirThatCannotBeCreatedFailsWithItsSetting(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> CallJournal.open(file.resolve("state")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("STATE_DIR=" + file.resolve("state"));
  }

  @Test
  void aKeyWithALineBreakIsNeverWritten(@TempDir Path dir) throws Exception {
    try (CallJournal j = CallJournal.open(dir)) {
      j.opened("B2B.1\n-B2B.other");
      assertThat(j.lost()).isEqualTo(1);
    }
    assertThat(Files.readString(dir.resolve(CallJournal.FILE_NAME))).isEmpty();
  }
}
