package org.oavc.bench.wire;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The connector as operators run it: its own JVM from the shaded jar, settings from the
 * environment, stopped with SIGTERM. A fresh process is the only honest "first calls after start":
 * in the bench's JVM the JDK's own classes would already be loaded and compiled.
 */
final class DaemonProcess implements AutoCloseable {
  private final Process process;
  private final int httpPort;
  private final long startedNanos = System.nanoTime();

  private DaemonProcess(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  /**
   * {@code command}, e.g. {@code java -jar connector/target/oavc.jar run}; output to {@code log}.
   */
  static DaemonProcess start(
      List<String> command, Map<String, String> settings, int httpPort, Path log)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(new ArrayList<>(command))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(settings);
    pb.environment().put("HTTP_PORT", Integer.toString(httpPort));
    return new DaemonProcess(pb.start(), httpPort);
  }

  /** Waits until /ready says 200 (subscribed, MI answering); returns the time since start. */
  long awaitReadyMillis(long timeoutMillis) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "the connector exited with " + process.exitValue() + " before it was ready");
      }
      if (ready()) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
      }
      Thread.sleep(20);
    }
    throw new IOException("the connector was not ready within " + timeoutMillis + " ms");
  }

  private boolean ready() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) new URL("http://127.0.0.1:" + httpPort + "/ready").openConnection();
      c.setConnectTimeout(200);
      c.setReadTimeout(500);
      try {
        return c.getResponseCode() == 200;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  /** SIGTERM (drain, unsubscribe), then waits for the exit. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
