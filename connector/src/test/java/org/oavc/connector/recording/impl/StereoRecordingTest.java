package org.oavc.connector.recording.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.connector.recording.StereoWav;
import org.oavc.connector.recording.impl.RecordingMetrics.Failure;

class StereoRecordingTest {
  private static final int RATE = 16000;
  private static final int FRAME = RATE / 50; // 20 ms

  @TempDir Path dir;
  private final ExecutorService writer = Executors.newSingleThreadExecutor();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RecordingMetrics metrics = new RecordingMetrics(meters, () -> 0);
  private final AtomicReference<Object> ended = new AtomicReference<>();

  @AfterEach
  void stopWriter() {
    writer.shutdownNow();
  }

  private StereoRecording recording(Path file) {
    StereoRecording r =
        new StereoRecording(
            "B2B.1", file, RATE, writer, metrics, (rec, f) -> ended.set(f == null ? "ok" : f));
    r.open();
    return r;
  }

  private static short[] frame(int value) {
    short[] f = new short[FRAME];
    java.util.Arrays.fill(f, (short) value);
    return f;
  }

  @Test
  void framesOfBothSidesArePairedInOrderAndTheFileIsPrivate() throws Exception {
    Path file = dir.resolve("a.wav");
    StereoRecording r = recording(file);
    for (int i = 1; i <= 60; i++) { // 1.2 s, the two sides interleaved unevenly as threads do
      r.fromCaller(frame(i));
      if (i % 3 != 0) {
        r.toCaller(frame(-i));
      } else {
        r.toCaller(frame(-i + 1000)); // marks frames sent late
      }
    }
    r.stop();
    await().atMost(Duration.ofSeconds(5)).until(() -> "ok".equals(ended.get()));

    StereoWav wav = StereoWav.read(file);
    assertThat(wav.sampleRate()).isEqualTo(RATE);
    assertThat(wav.channels()).isEqualTo(2);
    assertThat(wav.headerMatchesFile()).isTrue();
    assertThat(wav.left()).hasSize(60 * FRAME);
    for (int i = 0; i < 60; i++) {
      int n = i + 1;
      assertThat(wav.left()[i * FRAME]).isEqualTo((short) n);
      assertThat(wav.right()[i * FRAME + FRAME - 1])
          .isEqualTo((short) (n % 3 != 0 ? -n : -n + 1000));
    }
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(meters.get("oavc_recording_bytes_total").counter().count())
        .isEqualTo(60.0 * FRAME * 4);
  }

  @Test
  void whileOneSideSendsNothingTheOtherIsPaddedWithSilenceAndStaysInStep() throws Exception {
    Path file = dir.resolve("b.wav");
    StereoRecording r = recording(file);
    for (int i = 0; i < 25; i++) { // 0.5 s both ways
      r.fromCaller(frame(100));
      r.toCaller(frame(200));
    }
    for (int i = 0; i < 150; i++) { // 3 s on hold: the caller sends nothing, we still do
      r.toCaller(frame(300));
    }
    for (int i = 0; i < 25; i++) {
      r.fromCaller(frame(400));
      r.toCaller(frame(500));
    }
    r.stop();
    await().atMost(Duration.ofSeconds(5)).until(() -> "ok".equals(ended.get()));

    StereoWav wav = StereoWav.read(file);
    assertThat(wav.headerMatchesFile()).isTrue();
    assertThat(wav.left()).hasSize(200 * FRAME);
    assertThat(wav.left()[0]).isEqualTo((short) 100);
    assertThat(wav.left()[30 * FRAME]).as("hold: silence").isZero();
    // the caller's audio after the hold is beside ours after it (at most the skew allowance off)
    int firstBack = indexOf(wav.left(), (short) 400);
    int oursBack = indexOf(wav.right(), (short) 500);
    assertThat(Math.abs(firstBack - oursBack))
        .isLessThanOrEqualTo(RATE * StereoRecording.MAX_SKEW_MS / 1000);
  }

  @Test
  void aFileThatCannotBeCreatedEndsTheRecordingCountedAndFramesAreIgnored() throws Exception {
    StereoRecording r = recording(dir.resolve("missing-dir").resolve("c.wav"));
    await().atMost(Duration.ofSeconds(5)).until(() -> ended.get() == Failure.OPEN_FAILED);
    for (int i = 0; i < 50; i++) {
      r.fromCaller(frame(1));
      r.toCaller(frame(2));
    }
    r.stop();
    assertThat(
            meters
                .get("oavc_recordings_failed_total")
                .tag("reason", "open_failed")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(meters.get("oavc_recording_bytes_total").counter().count()).isZero();
  }

  @Test
  void aFileCutOffMidCallPlaysUpToItsLastChunk() throws Exception {
    Path file = dir.resolve("d.wav");
    StereoRecording r = recording(file);
    for (int i = 0; i < 50; i++) { // 1 s, never stopped: as if the process died here
      r.fromCaller(frame(7));
      r.toCaller(frame(8));
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Files.size(file) >= 44 + (long) RATE * 4 * 8 / 10);
    StereoWav wav = StereoWav.read(file);
    assertThat(wav.headerMatchesFile()).as("the header states what is on disk").isTrue();
    assertThat(wav.left()).isNotEmpty().containsOnly((short) 7);
    assertThat(wav.right()).containsOnly((short) 8);
  }

  private static int indexOf(short[] pcm, short value) {
    for (int i = 0; i < pcm.length; i++) {
      if (pcm[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
