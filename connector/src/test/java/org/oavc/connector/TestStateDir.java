package org.oavc.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * A fresh STATE_DIR for each daemon a test starts: a journal left by one test must never be another
 * test's "previous run".
 */
public final class TestStateDir {
  private TestStateDir() {}

  /** A new empty directory under the temp dir, as a STATE_DIR value. */
  public static String fresh() {
    try {
      return Files.createTempDirectory("oavc-state-").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
