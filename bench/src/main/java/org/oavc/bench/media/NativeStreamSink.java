package org.oavc.bench.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pacing benchmark's sink as a C process (bench/sink/rtp_sink.c): it times each packet by the
 * kernel's receive timestamp, so a late-running sink no longer shows up as our pacing deviation,
 * and receives and echoes in batches (recvmmsg/sendmmsg) to leave the shared cores to the sessions.
 * Compiled on first use into bench/target/ (again whenever the source is newer); driven over its
 * stdin/stdout; it exits by itself when this JVM dies (EOF on its stdin).
 */
final class NativeStreamSink implements Sink {
  private static final String SOURCE = "bench/sink/rtp_sink.c";

  private final Process process;
  private final BufferedReader out;
  private final OutputStream in;
  private final InetSocketAddress address;

  NativeStreamSink(boolean echo, int sessions) throws IOException {
    Path binary = binary();
    process =
        new ProcessBuilder(
                binary.toString(),
                Integer.toString(Math.max(1, sessions)),
                echo ? "1" : "0",
                Long.toString(coalesceMicros()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    in = process.getOutputStream();
    out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    String first = out.readLine();
    if (first == null || !first.startsWith("PORT ")) {
      process.destroy();
      throw new IOException(binary + " did not start (first line: " + first + ")");
    }
    address = new InetSocketAddress("127.0.0.1", Integer.parseInt(first.substring(5).trim()));
  }

  /**
   * Env BENCH_SINK_COALESCE_US (default 0): how long the sink lets datagrams gather after a batch
   * that was not full (see rtp_sink.c). 0 wakes it for every datagram, as the Java sink: with
   * coalescing the echoes reach the sessions in bursts, which saves their event loops wake-ups that
   * independent phones would cost, and so flatters the connector.
   */
  static long coalesceMicros() {
    return Long.parseLong(System.getenv().getOrDefault("BENCH_SINK_COALESCE_US", "0").trim());
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public void startRecording() throws IOException {
    command("START");
  }

  @Override
  public long cpuNanos() {
    return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
  }

  @Override
  public void pause(long millis) throws IOException {
    command("PAUSE " + millis);
  }

  @Override
  public StreamSink.Result stopRecording() throws IOException {
    command("STOP");
    String line = out.readLine();
    if (line == null || !line.startsWith("RESULT ")) {
      throw new IOException("rtp_sink answered STOP with: " + line);
    }
    Map<String, Long> f = new HashMap<>();
    for (String field : line.substring(7).trim().split(" ")) {
      int eq = field.indexOf('=');
      f.put(field.substring(0, eq), Long.parseLong(field.substring(eq + 1)));
    }
    return new StreamSink.Result(
        f.get("packets"),
        f.get("expected"),
        Math.toIntExact(f.get("count")),
        f.get("p50"),
        f.get("p99"),
        f.get("max"));
  }

  private void command(String line) throws IOException {
    in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    in.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      command("QUIT");
      in.close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } catch (IOException e) {
      process.destroyForcibly(); // it already died: its stdin is a broken pipe
    }
  }

  /** bench/target/rtp_sink, compiled from the source first when missing or older. */
  static Path binary() throws IOException {
    Path source = Path.of(SOURCE);
    if (!Files.exists(source)) {
      source = Path.of("sink/rtp_sink.c"); // run from bench/ itself
    }
    if (!Files.exists(source)) {
      throw new IOException(
          "cannot find " + SOURCE + " (run from the repository root, as bench/run.sh does)");
    }
    Path target = source.toAbsolutePath().getParent().getParent().resolve("target");
    Path binary = target.resolve("rtp_sink");
    if (Files.exists(binary)
        && !Files.getLastModifiedTime(binary)
            .toInstant()
            .isBefore(Files.getLastModifiedTime(source).toInstant())) {
      return binary;
    }
    Files.createDirectories(target);
    // Built beside the binary, then moved into place: two runs compiling at once never run half a
    // file.
    Path building = Files.createTempFile(target, "rtp_sink", ".building");
    List<String> tried = new ArrayList<>();
    for (String cc : compilers()) {
      tried.add(cc);
      Process p;
      try {
        p =
            new ProcessBuilder(
                    cc,
                    "-std=c11",
                    "-O2",
                    "-Wall",
                    "-Wextra",
                    "-Werror",
                    "-pthread",
                    "-o",
                    building.toString(),
                    source.toString())
                .redirectErrorStream(true)
                .start();
      } catch (IOException notInstalled) {
        continue;
      }
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (p.waitFor() != 0) {
          Files.deleteIfExists(building);
          throw new IOException(cc + " could not compile " + source + ":\n" + output);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while compiling " + source, e);
      }
      Files.setPosixFilePermissions(
          building, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(
          building, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return binary;
    }
    Files.deleteIfExists(building);
    throw new IOException(
        "no C compiler found (tried "
            + String.join(", ", tried)
            + "; set CC, or install gcc or clang); BENCH_SINK=java runs the Java sink instead");
  }

  private static List<String> compilers() {
    List<String> names = new ArrayList<>();
    String cc = System.getenv("CC");
    if (cc != null && !cc.isBlank()) {
      names.add(cc.trim());
    }
    names.addAll(List.of("cc", "gcc", "clang"));
    return names;
  }
}
