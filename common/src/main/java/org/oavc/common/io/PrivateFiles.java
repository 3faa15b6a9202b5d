package org.oavc.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Reports and recordings hold phone numbers, voices and transcripts: their files are the daemon
 * user's alone.
 */
public final class PrivateFiles {
  private PrivateFiles() {}

  public static void restrict(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(
          path,
          PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwx------" : "rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // e.g. a non-POSIX file system: its own permissions apply
    }
  }
}
