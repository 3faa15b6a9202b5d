package org.oavc.connector.report.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Reports hold phone numbers and transcripts: their files are the daemon user's alone. */
final class PrivateFiles {
  private PrivateFiles() {}

  static void restrict(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(
          path,
          PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwx------" : "rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // e.g. a non-POSIX file system: its own permissions apply
    }
  }
}
