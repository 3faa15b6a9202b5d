package org.oavc.connector.testdouble;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SIPp (Debian sip-tester) with a scenario from test resources, bounded by -timeout and -m, on
 * its own thread; output goes to target/sipp/&lt;run&gt;/ for debugging. Tests skip (JUnit
 * Assumptions) when {@link #isAvailable()} is false.
 */
public final class SippRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SippRunner.class);
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** Extra time past -timeout before the process is killed. */
  private static final long GRACE_SECONDS = 10;

  private SippRunner() {}

  /** Whether a sipp executable is on PATH. */
  public static boolean isAvailable() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "sipp")));
  }

  /** Starts SIPp; the Future completes when it exited (never fails for a failed call). */
  public static Future<SippResult> run(SippOptions options) {
    Promise<SippResult> promise = Promise.promise();
    Thread t =
        new Thread(
            () -> {
              try {
                promise.complete(runBlocking(options));
              } catch (Exception e) {
                promise.fail(e);
              }
            },
            "sipp-runner");
    t.setDaemon(true);
    t.start();
    return promise.future();
  }

  private static SippResult runBlocking(SippOptions o) throws IOException, InterruptedException {
    String base = o.getScenario().replace(".xml", "");
    Path dir =
        Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .resolve("target")
            .resolve("sipp")
            .resolve(base + "-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());
    Files.createDirectories(dir);
    Path scenario = dir.resolve(o.getScenario());
    try (InputStream in = SippRunner.class.getResourceAsStream("/sipp/" + o.getScenario())) {
      if (in == null) {
        throw new IOException("no SIPp scenario sipp/" + o.getScenario() + " in test resources");
      }
      Files.copy(in, scenario);
    }
    List<String> cmd = command(o, scenario, dir);
    Files.writeString(dir.resolve("command.txt"), String.join(" ", cmd) + "\n");
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("screen.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    boolean exited = p.waitFor(o.getTimeout().toSeconds() + GRACE_SECONDS, TimeUnit.SECONDS);
    if (!exited) {
      LOG.warn("sipp run in {} outlived its -timeout; stopping it", dir);
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    long[] stats = finalStats(dir.resolve("stats.csv"));
    return new SippResult(p.exitValue(), stats[0], stats[1], !exited, dir);
  }

  private static List<String> command(SippOptions o, Path scenario, Path dir) {
    InetSocketAddress t = o.getTarget();
    String host = t.getAddress().getHostAddress();
    String remote = (host.contains(":") ? "[" + host + "]" : host) + ":" + t.getPort();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "sipp",
                remote,
                "-sf",
                scenario.toString(),
                "-s",
                o.getService(),
                "-i",
                o.getLocalIp(),
                "-m",
                Integer.toString(o.getCalls()),
                "-timeout",
                o.getTimeout().toSeconds() + "s",
                "-timeout_error",
                "-nostdin",
                "-trace_msg",
                "-message_file",
                dir.resolve("messages.log").toString(),
                "-trace_err",
                "-error_file",
                dir.resolve("errors.log").toString(),
                "-trace_stat",
                "-stf",
                dir.resolve("stats.csv").toString()));
    if (o.getPause() != null) {
      cmd.addAll(List.of("-d", Long.toString(o.getPause().toMillis())));
    }
    cmd.addAll(o.getExtraArgs());
    return cmd;
  }

  /** SuccessfulCall(C) and FailedCall(C) from the last line of SIPp's statistics file. */
  static long[] finalStats(Path csv) {
    try {
      List<String> lines =
          Files.readAllLines(csv, StandardCharsets.ISO_8859_1).stream()
              .filter(l -> !l.isBlank())
              .toList();
      if (lines.size() < 2) {
        return new long[] {-1, -1};
      }
      List<String> header = List.of(lines.get(0).split(";"));
      String[] last = lines.get(lines.size() - 1).split(";");
      int ok = header.indexOf("SuccessfulCall(C)");
      int failed = header.indexOf("FailedCall(C)");
      return new long[] {number(last, ok), number(last, failed)};
    } catch (IOException e) {
      return new long[] {-1, -1};
    }
  }

  private static long number(String[] row, int index) {
    try {
      return index >= 0 && index < row.length ? Long.parseLong(row[index].trim()) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
