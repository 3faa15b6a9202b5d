package org.oavc.connector.recording.impl;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.oavc.common.io.PrivateFiles;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.recording.CallRecordings;
import org.oavc.connector.recording.RecordingOptions;
import org.oavc.connector.recording.impl.RecordingMetrics.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recordings in one directory, written by one thread of their own (a call's file takes 32-64 kB/s:
 * one thread keeps up with hundreds). Free space is measured by that thread every few seconds, so
 * the answer path never waits for the file system.
 */
public final class DiskCallRecordings implements CallRecordings {
  private static final Logger log = LoggerFactory.getLogger("oavc.recording");
  private static final long FREE_SPACE_PERIOD_MS = 5_000;
  private static final long SWEEP_PERIOD_MS = 3_600_000;
  private static final int ENDED_KEPT = 10_000;

  private final Vertx vertx;
  private final RecordingOptions options;
  private final RecordingMetrics metrics;
  private final ExecutorService writer;
  private final Map<String, Live> live = new ConcurrentHashMap<>();
  private final Map<String, Path> ended =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Path> eldest) {
              return size() > ENDED_KEPT;
            }
          });
  private volatile long freeBytes = Long.MAX_VALUE;
  private long freeTimer = -1;
  private long sweepTimer = -1;

  private record Live(StereoRecording recording, MediaSession media) {}

  private DiskCallRecordings(Vertx vertx, RecordingOptions options, MeterRegistry meters) {
    this.vertx = vertx;
    this.options = options;
    this.metrics = new RecordingMetrics(meters, live::size);
    this.writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "oavc-recording-writer");
              t.setDaemon(true);
              return t;
            });
  }

  public static Future<CallRecordings> start(
      Vertx vertx, RecordingOptions options, MeterRegistry meters) {
    DiskCallRecordings r = new DiskCallRecordings(vertx, options, meters);
    return vertx
        .executeBlocking(
            () -> {
              Files.createDirectories(options.getDirectory());
              PrivateFiles.restrict(options.getDirectory());
              r.measureFreeSpace();
              return null;
            })
        .map(
            x -> {
              r.freeTimer =
                  vertx.setPeriodic(FREE_SPACE_PERIOD_MS, id -> r.onWriter(r::measureFreeSpace));
              if (options.getKeepDays() > 0) {
                r.onWriter(r::sweep);
                r.sweepTimer = vertx.setPeriodic(SWEEP_PERIOD_MS, id -> r.onWriter(r::sweep));
              }
              return (CallRecordings) r;
            })
        .recover(
            e -> {
              r.writer.shutdownNow();
              return Future.failedFuture(
                  new IllegalStateException(
                      "RECORDING_DIR " + options.getDirectory() + " is not usable: " + e, e));
            });
  }

  @Override
  public RecordingOptions options() {
    return options;
  }

  @Override
  public Optional<Path> start(String callKey, MediaSession media, int sampleRate) {
    Live running = live.get(callKey);
    if (running != null) {
      return Optional.of(running.recording().path());
    }
    if (freeBytes < options.getMinFreeBytes()) {
      metrics.failed(Failure.NO_SPACE);
      log.warn(
          "key={} not recorded: {} MB free in {} (RECORDING_MIN_FREE_MB {})",
          callKey,
          freeBytes >> 20,
          options.getDirectory(),
          options.getMinFreeBytes() >> 20);
      return Optional.empty();
    }
    Path file = RecordingFileNames.of(options.getDirectory(), callKey, System.currentTimeMillis());
    if (file == null) {
      metrics.failed(Failure.OPEN_FAILED);
      log.warn("key={} not recorded: the key is too long for a file name", callKey);
      return Optional.empty();
    }
    StereoRecording rec =
        new StereoRecording(callKey, file, sampleRate, writer, metrics, this::ended);
    Live earlier = live.putIfAbsent(callKey, new Live(rec, media));
    if (earlier != null) {
      return Optional.of(earlier.recording().path());
    }
    metrics.started.increment();
    rec.open();
    media.onRecording(sampleRate, (pcm, r) -> rec.fromCaller(pcm), (pcm, r) -> rec.toCaller(pcm));
    log.info("key={} recording at {} Hz to {}", callKey, sampleRate, file);
    return Optional.of(file);
  }

  @Override
  public Optional<Path> stop(String callKey) {
    Live l = live.get(callKey);
    if (l == null) {
      return Optional.ofNullable(ended.get(callKey));
    }
    l.media().onRecording(0, null, null);
    l.recording().stop();
    return Optional.ofNullable(l.recording().path());
  }

  /** On the writer thread, once per recording: its file is closed. */
  private void ended(StereoRecording rec, Failure failure) {
    Live l = live.remove(rec.callKey());
    if (l != null && failure != null) {
      l.media().onRecording(0, null, null); // stopped early: the taps go, the call stays
    }
    ended.put(rec.callKey(), rec.path());
  }

  @Override
  public Future<Optional<Path>> file(String callKey) {
    Live l = live.get(callKey);
    Path known = l != null ? l.recording().path() : ended.get(callKey);
    String glob = RecordingFileNames.globOf(callKey);
    if (glob == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return vertx.executeBlocking(
        () -> {
          if (known != null) {
            return Files.isRegularFile(known) ? Optional.of(known) : Optional.<Path>empty();
          }
          return latest(glob); // an earlier run's, or one past the ended calls kept in memory
        },
        false);
  }

  private Optional<Path> latest(String glob) throws IOException {
    Path newest = null;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(options.getDirectory(), glob)) {
      for (Path f : files) {
        if (newest == null
            || f.getFileName().toString().compareTo(newest.getFileName().toString()) > 0) {
          newest = f; // same key, same prefix: the later start time sorts last (13 digits)
        }
      }
    }
    return Optional.ofNullable(newest);
  }

  private void onWriter(Runnable task) {
    try {
      writer.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // shutting down
    }
  }

  private void measureFreeSpace() {
    try {
      freeBytes = Files.getFileStore(options.getDirectory()).getUsableSpace();
    } catch (IOException e) {
      log.warn("free space of {} unknown: {}", options.getDirectory(), e.toString());
    }
  }

  /** Deletes recordings older than RECORDING_KEEP_DAYS (not the live ones: they are newer). */
  private void sweep() {
    Instant cutoff = Instant.now().minus(Duration.ofDays(options.getKeepDays()));
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(options.getDirectory(), "*.wav")) {
      for (Path f : files) {
        if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(f);
          deleted++;
        }
      }
    } catch (IOException e) {
      log.warn("recording sweep of {} failed: {}", options.getDirectory(), e.toString());
    }
    if (deleted > 0) {
      log.info("deleted {} recordings older than {} days", deleted, options.getKeepDays());
    }
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(freeTimer);
    vertx.cancelTimer(sweepTimer);
    for (String key : live.keySet()) {
      stop(key);
    }
    writer.shutdown(); // after the stops: their closes run first
    return vertx.executeBlocking(
        () -> {
          if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("recordings not all closed within 10 s");
          }
          return null;
        });
  }
}
