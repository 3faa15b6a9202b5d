package org.oavc.connector.recording.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.oavc.connector.recording.impl.RecordingMetrics.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's recording: the caller's frames (left) and ours (right) arrive on two threads, one
 * frame per packet time each; they are paired here and handed to the writer thread in chunks of
 * {@link #CHUNK_MS}. A side that stops (a held call, nothing sent yet) is padded with silence once
 * the other is {@link #MAX_SKEW_MS} ahead, so the two channels stay in step.
 */
final class StereoRecording {
  private static final Logger log = LoggerFactory.getLogger("oavc.recording");

  static final int CHUNK_MS = 200;
  static final int MAX_SKEW_MS = 1000;

  /** Audio handed to the writer and not written yet beyond which the recording stops. */
  static final int MAX_BACKLOG_MS = 10_000;

  /** Why the recording ended: its file is complete either way. */
  interface Ended {
    void ended(StereoRecording recording, Failure failure);
  }

  private final String callKey;
  private final int sampleRate;
  private final Executor writer;
  private final RecordingMetrics metrics;
  private final Ended onEnd;
  private final int chunk;
  private final int maxSkew;
  private final long maxBacklogBytes;
  private final AtomicLong backlogBytes = new AtomicLong();

  private short[] left;
  private short[] right;
  private int leftCount;
  private int rightCount;
  private boolean stopped;

  /** Touched by the writer thread only. */
  private WavRecordingFile file;

  private final Path path;
  private volatile boolean failed;

  StereoRecording(
      String callKey,
      Path path,
      int sampleRate,
      Executor writer,
      RecordingMetrics metrics,
      Ended onEnd) {
    this.callKey = callKey;
    this.path = path;
    this.sampleRate = sampleRate;
    this.writer = writer;
    this.metrics = metrics;
    this.onEnd = onEnd;
    this.chunk = sampleRate * CHUNK_MS / 1000;
    this.maxSkew = sampleRate * MAX_SKEW_MS / 1000;
    this.maxBacklogBytes = (long) sampleRate * 4 * MAX_BACKLOG_MS / 1000;
    this.left = new short[maxSkew + 2 * chunk];
    this.right = new short[maxSkew + 2 * chunk];
  }

  String callKey() {
    return callKey;
  }

  int sampleRate() {
    return sampleRate;
  }

  /** The file (created by the writer; it may have failed to). */
  Path path() {
    return path;
  }

  boolean failed() {
    return failed;
  }

  /** Creates the file on the writer thread. */
  void open() {
    submit(
        () -> {
          try {
            file = WavRecordingFile.create(path, sampleRate, 2);
          } catch (IOException e) {
            fail(Failure.OPEN_FAILED, e);
          }
        },
        0);
  }

  /** The caller's frame (left channel), at {@link #sampleRate()}. */
  synchronized void fromCaller(short[] pcm) {
    if (stopped) {
      return;
    }
    left = append(left, leftCount, pcm);
    leftCount += pcm.length;
    drain(false);
  }

  /** Our frame (right channel), at {@link #sampleRate()}. */
  synchronized void toCaller(short[] pcm) {
    if (stopped) {
      return;
    }
    right = append(right, rightCount, pcm);
    rightCount += pcm.length;
    drain(false);
  }

  /** Writes what is buffered (the shorter side padded) and closes the file after it. */
  void stop() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      drain(true);
      stopped = true;
    }
    submit(() -> finish(null), 0);
  }

  private static short[] append(short[] buf, int count, short[] pcm) {
    if (count + pcm.length > buf.length) {
      buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + pcm.length));
    }
    System.arraycopy(pcm, 0, buf, count, pcm.length);
    return buf;
  }

  private void drain(boolean all) {
    // Pad the side that fell behind (it stopped: hold, or nothing sent yet) up to the other.
    if (all || leftCount - rightCount > maxSkew) {
      right = padTo(right, rightCount, leftCount);
      rightCount = Math.max(rightCount, leftCount);
    }
    if (all || rightCount - leftCount > maxSkew) {
      left = padTo(left, leftCount, rightCount);
      leftCount = Math.max(leftCount, rightCount);
    }
    int ready = Math.min(leftCount, rightCount);
    if (ready < chunk && !(all && ready > 0)) {
      return;
    }
    ByteBuffer samples = ByteBuffer.allocate(ready * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < ready; i++) {
      samples.putShort(left[i]).putShort(right[i]);
    }
    samples.flip();
    System.arraycopy(left, ready, left, 0, leftCount - ready);
    System.arraycopy(right, ready, right, 0, rightCount - ready);
    leftCount -= ready;
    rightCount -= ready;
    int bytes = samples.remaining();
    if (backlogBytes.addAndGet(bytes) > maxBacklogBytes) {
      backlogBytes.addAndGet(-bytes);
      stopped = true; // the writer is stuck: stop before memory grows with it
      submit(() -> finish(Failure.OVERRUN), 0);
      return;
    }
    submit(() -> write(samples), bytes);
  }

  private static short[] padTo(short[] buf, int count, int target) {
    if (target <= count) {
      return buf;
    }
    if (target > buf.length) {
      buf = java.util.Arrays.copyOf(buf, target);
    }
    java.util.Arrays.fill(buf, count, target, (short) 0);
    return buf;
  }

  private void submit(Runnable task, int bytes) {
    try {
      writer.execute(task);
    } catch (RejectedExecutionException e) {
      backlogBytes.addAndGet(-bytes); // the writer is shut down: the daemon stops
    }
  }

  private void write(ByteBuffer samples) {
    int n = samples.remaining();
    backlogBytes.addAndGet(-n);
    if (file == null || failed) {
      return;
    }
    try {
      if (file.wouldOverflow(n)) {
        finish(Failure.TOO_LONG);
        return;
      }
      file.append(samples);
      metrics.bytes.increment(n);
    } catch (IOException e) {
      fail(Failure.WRITE_FAILED, e);
    }
  }

  private void fail(Failure f, Exception cause) {
    log.warn(
        "key={} recording stopped ({}): {}; the call goes on",
        callKey,
        f.name().toLowerCase(java.util.Locale.ROOT),
        cause == null ? "" : cause.toString());
    finish(f);
  }

  /** On the writer thread: closes the file once; {@code failure} null for a normal end. */
  private void finish(Failure failure) {
    if (failed) {
      return;
    }
    if (failure != null) {
      failed = true;
      metrics.failed(failure);
    }
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        log.warn("key={} recording not closed cleanly: {}", callKey, e.toString());
      }
      file = null;
    }
    onEnd.ended(this, failure);
  }
}
