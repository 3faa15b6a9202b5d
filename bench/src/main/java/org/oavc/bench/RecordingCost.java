package org.oavc.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.media.session.AudioSink;
import org.oavc.connector.recording.CallRecordings;
import org.oavc.connector.recording.RecordingOptions;
import org.oavc.connector.sdp.SdpNegotiation;

/**
 * What recording costs: {@code calls} recordings at once through {@link CallRecordings}, each fed
 * {@code seconds} of 20 ms frames both ways (as the RTP session's taps hand them over), as fast as
 * the writer takes them. Prints the process CPU per recorded call-second (the share of one core a
 * recorded call costs), the audio the one writer thread keeps up with, and the bytes per second.
 *
 * <p>Usage: bench/run.sh RecordingCost [calls=100] [seconds=8] [dir=a temporary directory]
 */
public final class RecordingCost {

  /** Keeps the taps a recording installs, for the bench to feed. */
  private static final class TappedMedia implements MediaSession {
    volatile AudioSink fromCaller;
    volatile AudioSink toCaller;

    @Override
    public MediaSession onRecording(int sampleRate, AudioSink fromCaller, AudioSink toCaller) {
      this.fromCaller = fromCaller;
      this.toCaller = toCaller;
      return this;
    }

    @Override
    public int localPort() {
      return 0;
    }

    @Override
    public void apply(SdpNegotiation negotiation) {}

    @Override
    public long packetsReceived() {
      return 0;
    }

    @Override
    public long lastPacketNanos() {
      return 0;
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("oavc-rec-bench");
    Vertx vertx = Vertx.vertx();
    System.out.println(
        calls + " recordings of " + seconds + " s each, to " + dir + "; " + Percentiles.machine());
    System.out.printf(
        "%-6s %14s %18s %16s %12s%n",
        "rate", "CPU/call-s ms", "core share/call %", "realtime calls", "bytes/s");
    for (int codecRate : new int[] {16000, 8000, 16000}) { // the first 16 kHz run warms up
      run(vertx, dir, calls, seconds, codecRate);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void run(Vertx vertx, Path dir, int calls, int seconds, int rate)
      throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CallRecordings recordings =
        CallRecordings.start(
                vertx,
                new RecordingOptions().setDirectory(dir).setMinFreeBytes(0).setKeepDays(0),
                meters)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<TappedMedia> media = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    String run = Long.toString(System.nanoTime());
    for (int i = 0; i < calls; i++) {
      TappedMedia m = new TappedMedia();
      media.add(m);
      files.add(recordings.start("bench-" + run + "-" + i, m, rate).orElseThrow());
    }
    int frame = rate / 50;
    short[] voice = new short[frame];
    for (int i = 0; i < frame; i++) {
      voice[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
    }
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    double bytesPerSecond = rate * 4.0;
    for (int s = 0; s < seconds; s++) {
      for (int f = 0; f < 50; f++) {
        for (TappedMedia m : media) {
          m.fromCaller.onFrame(voice.clone(), rate); // the taps hand over a copy per frame
          m.toCaller.onFrame(voice.clone(), rate);
        }
      }
      double expected = (s + 1) * bytesPerSecond * calls;
      while (meters.get("oavc_recording_bytes_total").counter().count()
          < expected - calls * bytesPerSecond) {
        Thread.sleep(1); // the writer stays within a second: no recording overruns
      }
    }
    for (int i = 0; i < calls; i++) {
      recordings.stop("bench-" + run + "-" + i);
    }
    recordings.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    long wall = System.nanoTime() - wall0;
    long cpu = os.getProcessCpuTime() - cpu0;
    double callSeconds = (double) calls * seconds;
    long size = 0;
    for (Path f : files) {
      size += Files.size(f);
      Files.delete(f);
    }
    System.out.printf(
        "%-6d %14.3f %18.3f %16.0f %12.0f%n",
        rate,
        cpu / 1e6 / callSeconds,
        cpu / 1e9 / callSeconds * 100,
        callSeconds / (wall / 1e9),
        size / callSeconds);
    if (meters.get("oavc_recordings_failed_total").counters().stream()
        .anyMatch(c -> c.count() > 0)) {
      System.out.println("  (some recordings failed: see the log)");
    }
  }
}
