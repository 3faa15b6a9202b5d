package org.oavc.bench.media;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.AudioCodecs;

/**
 * Our G.722 against the C reference most people use, ffmpeg's {@code adpcm_g722}, on the same audio
 * and the same machine: CPU per 20 ms frame to encode and to decode. ffmpeg's figure is its {@code
 * -benchmark} user time for the whole file minus the same run with the codec replaced by a plain
 * copy (reading, writing and start-up), divided by the frames; ours is this thread's CPU time over
 * the same frames, median of rounds after warm-up. The point is the ratio: what a 20 ms G.722 frame
 * costs on this CPU in well-kept C. Args: [seconds of audio=300] [rounds=5]. Needs {@code ffmpeg}
 * on the PATH.
 */
public final class G722VsFfmpeg {
  private static final int FRAME = 320; // 20 ms at 16 kHz
  private static final Pattern UTIME = Pattern.compile("utime=([0-9.]+)s");

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("g722-bench");
    Path pcm = dir.resolve("in.raw");
    Path g722 = dir.resolve("in.g722");
    // Pink noise at -10 dBFS: every band busy, so no quantiser shortcut flatters either side.
    ffmpeg(
        false,
        "-f",
        "lavfi",
        "-i",
        "anoisesrc=d=" + seconds + ":c=pink:r=16000:a=0.3",
        "-f",
        "s16le",
        "-ac",
        "1",
        "-ar",
        "16000",
        pcm.toString());
    ffmpeg(
        false,
        "-f",
        "s16le",
        "-ar",
        "16000",
        "-ac",
        "1",
        "-i",
        pcm.toString(),
        "-c:a",
        "g722",
        "-f",
        "g722",
        g722.toString());
    long frames = Files.size(pcm) / 2 / FRAME;

    double copy =
        median(
            rounds,
            () ->
                ffmpeg(
                    true,
                    "-f",
                    "s16le",
                    "-ar",
                    "16000",
                    "-ac",
                    "1",
                    "-i",
                    pcm.toString(),
                    "-f",
                    "s16le",
                    dir.resolve("copy.raw").toString()));
    double encode =
        median(
            rounds,
            () ->
                ffmpeg(
                    true,
                    "-f",
                    "s16le",
                    "-ar",
                    "16000",
                    "-ac",
                    "1",
                    "-i",
                    pcm.toString(),
                    "-c:a",
                    "g722",
                    "-f",
                    "g722",
                    dir.resolve("enc.g722").toString()));
    double decode =
        median(
            rounds,
            () ->
                ffmpeg(
                    true,
                    "-f",
                    "g722",
                    "-i",
                    g722.toString(),
                    "-f",
                    "s16le",
                    dir.resolve("dec.raw").toString()));
    double ffEncode = (encode - copy) * 1e9 / frames;
    double ffDecode = (decode - copy) * 1e9 / frames;

    short[] samples = readPcm(pcm);
    byte[] coded = Files.readAllBytes(g722);
    double ourEncode = ourNanosPerFrame(rounds, samples, coded, true);
    double ourDecode = ourNanosPerFrame(rounds, samples, coded, false);

    System.out.printf(
        "G.722 per 20 ms frame, %d s of pink noise (%d frames), %s%n",
        seconds, frames, PacingLoad.machine());
    System.out.printf(
        "%-8s %14s %14s %10s%n", "", "ffmpeg (C) ns", "oavc (Java) ns", "oavc/ffmpeg");
    System.out.printf(
        "%-8s %14.0f %14.0f %10.2f%n", "encode", ffEncode, ourEncode, ourEncode / ffEncode);
    System.out.printf(
        "%-8s %14.0f %14.0f %10.2f%n", "decode", ffDecode, ourDecode, ourDecode / ffDecode);
    System.out.printf(
        "(ffmpeg: -benchmark user time minus a copy run's %.0f ns per frame)%n",
        copy * 1e9 / frames);
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  private static double ourNanosPerFrame(
      int rounds, short[] samples, byte[] coded, boolean encode) {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    AudioCodec codec = AudioCodecs.create("G722", 8000, 1, null);
    byte[] out = new byte[FRAME];
    short[] pcmOut = new short[FRAME + AudioCodec.MAX_DECODED_SAMPLES];
    int frames = samples.length / FRAME;
    List<Double> perFrame = new ArrayList<>();
    long sink = 0;
    for (int r = 0; r < rounds + 3; r++) { // the first three rounds warm the JIT up
      codec.reset();
      long t0 = cpu.getCurrentThreadCpuTime();
      for (int f = 0; f < frames; f++) {
        sink +=
            encode
                ? codec.encode(samples, f * FRAME, FRAME, out, 0)
                : codec.decode(coded, f * FRAME / 2, FRAME / 2, pcmOut, 0);
      }
      if (r >= 3) {
        perFrame.add((cpu.getCurrentThreadCpuTime() - t0) / (double) frames);
      }
    }
    if (sink == 42) {
      System.out.println();
    }
    perFrame.sort(null);
    return perFrame.get(perFrame.size() / 2);
  }

  private static short[] readPcm(Path p) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    short[] s = new short[b.remaining() / 2];
    b.asShortBuffer().get(s);
    return s;
  }

  private interface Run {
    double seconds() throws Exception;
  }

  private static double median(int rounds, Run run) throws Exception {
    List<Double> t = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      t.add(run.seconds());
    }
    t.sort(null);
    return t.get(t.size() / 2);
  }

  /** Runs ffmpeg; with {@code benchmark}, returns its user CPU seconds. */
  private static double ffmpeg(boolean benchmark, String... args) throws Exception {
    // -benchmark prints its figures at the info level.
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "ffmpeg",
                "-hide_banner",
                "-nostdin",
                "-nostats",
                "-y",
                "-loglevel",
                benchmark ? "info" : "error"));
    if (benchmark) {
      cmd.add("-benchmark");
    }
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("ffmpeg failed: " + out);
    }
    if (!benchmark) {
      return 0;
    }
    Matcher m = UTIME.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no utime in ffmpeg's output: " + out);
    }
    return Double.parseDouble(m.group(1));
  }
}
