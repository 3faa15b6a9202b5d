package org.oavc.connector.report.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.oavc.common.io.PrivateFiles;

/**
 * The local JSONL file of reports: one line per report, forced to disk before the report counts as
 * written; past its size limit it is renamed {@code .1} (the older ones shifted, the oldest beyond
 * the kept count deleted) and a new file begins. Not thread-safe: one worker writes.
 */
final class ReportFile implements AutoCloseable {
  private final Path file;
  private final long maxBytes;
  private final int keep;
  private FileChannel channel;

  ReportFile(Path file, long maxBytes, int keep) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.keep = keep;
  }

  void append(String json) throws IOException {
    if (channel == null) {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      PrivateFiles.restrict(file); // transcripts are personal data
    }
    ByteBuffer line = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
    while (line.hasRemaining()) {
      channel.write(line);
    }
    channel.force(false);
    if (channel.size() >= maxBytes) {
      rotate();
    }
  }

  private void rotate() throws IOException {
    close();
    Files.deleteIfExists(numbered(keep));
    for (int i = keep - 1; i >= 1; i--) {
      if (Files.exists(numbered(i))) {
        Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
  }

  private Path numbered(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
