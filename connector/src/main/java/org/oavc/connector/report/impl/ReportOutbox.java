package org.oavc.connector.report.impl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.oavc.common.io.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports waiting for their receiver, one file each in a directory of the state directory: written
 * to a temporary name, forced to disk and renamed (then the directory forced), so a file that is
 * there is whole, and a kill at any moment leaves each report either pending or not yet written.
 * Names sort in the order the reports were made. A file that cannot be read goes to {@code
 * rejected/} with the refused ones. Blocking: called on a worker.
 */
final class ReportOutbox {
  private static final Logger log = LoggerFactory.getLogger("oavc.report");
  private static final String SUFFIX = ".json";

  private final Path dir;
  private final Path rejected;
  private final AtomicLong sequence = new AtomicLong();

  /** A pending report: the receiver and the report, under its file name. */
  record Entry(String name, URI url, JsonObject report) {}

  ReportOutbox(Path dir) {
    this.dir = dir;
    this.rejected = dir.resolve("rejected");
  }

  /** Creates the directory if needed; the reports a previous run left, oldest first. */
  List<Entry> load() throws IOException {
    Files.createDirectories(rejected);
    PrivateFiles.restrict(dir);
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      ds.forEach(files::add);
    }
    files.sort(null);
    List<Entry> entries = new ArrayList<>();
    for (Path f : files) {
      try {
        JsonObject j = new JsonObject(Files.readString(f, StandardCharsets.UTF_8));
        entries.add(
            new Entry(
                f.getFileName().toString(),
                URI.create(j.getString("url")),
                j.getJsonObject("report")));
      } catch (IOException
          | DecodeException
          | ClassCastException
          | IllegalArgumentException
          | NullPointerException e) {
        log.error("report outbox: {} unreadable ({}), moved to rejected/", f, e.toString());
        Files.move(f, rejected.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return entries;
  }

  /** Keeps {@code report} for {@code url} durably; the entry to send. */
  Entry put(URI url, JsonObject report) throws IOException {
    String name =
        String.format(
            "%013d-%09d%s", System.currentTimeMillis(), sequence.incrementAndGet(), SUFFIX);
    Path tmp = dir.resolve(name + ".tmp");
    byte[] body =
        new JsonObject()
            .put("url", url.toString())
            .put("report", report)
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(body));
      ch.force(true);
    }
    PrivateFiles.restrict(tmp);
    Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    forceDirectory();
    return new Entry(name, url, report);
  }

  void delete(Entry e) throws IOException {
    Files.deleteIfExists(dir.resolve(e.name()));
  }

  /** The receiver refused it for good (4xx): kept aside for the operator, never sent again. */
  void reject(Entry e) throws IOException {
    Path f = dir.resolve(e.name());
    if (Files.exists(f)) {
      Files.move(f, rejected.resolve(e.name()), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The rename itself survives a host crash only once the directory is on disk. */
  private void forceDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory: the rename is then as durable as they make it.
      log.debug("report outbox: directory not forced: {}", e.toString());
    }
  }
}
