package org.oavc.connector.call;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of the calls this connector holds, kept in a file of the state directory so that a
 * connector started after a crash knows which OpenSIPS sessions it left behind: the keyless {@code
 * ua_session_list} fails beyond about 120 sessions (wire samples 15), so OpenSIPS cannot tell us.
 * Lines are {@code +key} and {@code -key}; one writer thread appends them, so the event loop never
 * waits for the disk. A JVM crash keeps what was written (the page cache survives it); a host crash
 * may lose the last lines, and then the keyless list is all there is.
 */
public final class CallJournal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");
  static final String FILE_NAME = "calls.journal";

  /** Appended lines after which the file is rewritten with just the open keys. */
  private static final int COMPACT_AFTER_LINES = 20_000;

  private static final int QUEUE_LINES = 65_536;
  private static final String STOP = "";

  private final Path file;
  private final Set<String> leftover;
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(QUEUE_LINES);
  private final AtomicLong lost = new AtomicLong();
  private final Thread writer;

  private CallJournal(Path file, Set<String> leftover) {
    this.file = file;
    this.leftover = Set.copyOf(leftover);
    this.writer = new Thread(this::write, "oavc-call-journal");
    writer.setDaemon(true);
  }

  /**
   * Opens the journal in {@code stateDir} (created if missing): reads the keys a previous run left
   * open, then starts a fresh file that still lists them until they are {@link #closed}. Blocking:
   * call it before the event loops take calls.
   */
  public static CallJournal open(Path stateDir) {
    try {
      if (!Files.isDirectory(stateDir)) {
        Files.createDirectories(
            stateDir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path file = stateDir.resolve(FILE_NAME);
      Set<String> open =
          Files.exists(file)
              ? openKeys(Files.readAllLines(file, StandardCharsets.UTF_8))
              : new LinkedHashSet<>();
      rewrite(file, open);
      CallJournal journal = new CallJournal(file, open);
      journal.writer.start();
      if (!open.isEmpty()) {
        log.warn("{} call(s) left open by the previous run (journal {})", open.size(), file);
      }
      return journal;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "STATE_DIR="
              + stateDir
              + " cannot hold the call journal ("
              + e
              + "): create it writable for this user, or set STATE_DIR",
          e);
    }
  }

  /** The keys a previous run opened and never closed, as found at {@link #open}. */
  public Set<String> leftover() {
    return leftover;
  }

  /** A call now exists (its NEW arrived). Never blocks; a full queue loses the line, counted. */
  public void opened(String key) {
    offer('+' + key);
  }

  /** The call is over for OpenSIPS too; also for leftover keys once they are cleaned up. */
  public void closed(String key) {
    offer('-' + key);
  }

  /** Lines dropped because the writer fell behind by {@value #QUEUE_LINES} lines. */
  public long lost() {
    return lost.get();
  }

  /** Lines queued and not yet handed to the file. */
  public int backlog() {
    return lines.size();
  }

  private void offer(String line) {
    if (line.indexOf('\n') >= 0 || !lines.offer(line)) {
      lost.incrementAndGet();
    }
  }

  private void write() {
    Set<String> open = new LinkedHashSet<>(leftover);
    int appended = 0;
    BufferedWriter out = null;
    try {
      while (true) {
        String line = out == null ? lines.take() : lines.poll(0, TimeUnit.MILLISECONDS);
        if (line == null) { // nothing queued: hand what we have to the kernel
          out.flush();
          out.close();
          out = null;
          continue;
        }
        if (line.equals(STOP)) {
          break;
        }
        if (line.charAt(0) == '+') {
          open.add(line.substring(1));
        } else {
          open.remove(line.substring(1));
        }
        if (++appended >= COMPACT_AFTER_LINES) {
          if (out != null) {
            out.close();
            out = null;
          }
          rewrite(file, open);
          appended = 0;
          continue;
        }
        if (out == null) {
          out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        out.write(line);
        out.write('\n');
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.error("call journal {} no longer written: {}", file, e.toString());
    } finally {
      if (out != null) {
        try {
          out.close();
        } catch (IOException e) {
          log.error("call journal {}: {}", file, e.toString());
        }
      }
    }
  }

  /** Writes what is queued and stops the writer. */
  @Override
  public void close() {
    try {
      lines.put(STOP);
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Set<String> openKeys(List<String> journalLines) {
    Set<String> open = new LinkedHashSet<>();
    for (String line : journalLines) {
      if (line.length() < 2) {
        continue; // a torn last line from a crash
      }
      if (line.charAt(0) == '+') {
        open.add(line.substring(1));
      } else if (line.charAt(0) == '-') {
        open.remove(line.substring(1));
      }
    }
    return open;
  }

  private static void rewrite(Path file, Set<String> open) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    StringBuilder text = new StringBuilder();
    for (String key : open) {
      text.append('+').append(key).append('\n');
    }
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
