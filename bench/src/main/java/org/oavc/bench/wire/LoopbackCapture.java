package org.oavc.bench.wire;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * tcpdump on the loopback interface for a few UDP ports, into a pcap file. Kernel time stamps taken
 * as each datagram crosses lo, so neither SIPp's nor our own scheduling is in the figures. Needs
 * root (or CAP_NET_RAW) and tcpdump on PATH.
 */
final class LoopbackCapture implements AutoCloseable {
  private final Process process;
  private final Path file;

  private LoopbackCapture(Process process, Path file) {
    this.process = process;
    this.file = file;
  }

  /** Starts capturing and returns once tcpdump says it is listening. */
  static LoopbackCapture start(Path file, List<Integer> udpPorts)
      throws IOException, InterruptedException {
    StringBuilder filter = new StringBuilder("udp and (");
    for (int i = 0; i < udpPorts.size(); i++) {
      filter.append(i == 0 ? "" : " or ").append("port ").append(udpPorts.get(i));
    }
    filter.append(')');
    // --immediate-mode and -U: each packet reaches the file at once (otherwise the kernel hands
    // packets over in blocks, and the last block is lost at the stop); -s 0: whole datagrams.
    Process p =
        new ProcessBuilder(
                "tcpdump",
                "-i",
                "lo",
                "-n",
                "--immediate-mode",
                "-U",
                "-s",
                "0",
                "-B",
                "8192",
                "--time-stamp-precision=nano",
                "-w",
                file.toString(),
                filter.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    CompletableFuture<Boolean> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  if (line.contains("listening on")) {
                    listening.complete(true);
                  }
                }
              } catch (IOException e) {
                listening.completeExceptionally(e);
              }
              listening.complete(false);
            },
            "tcpdump-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!listening.get(10, TimeUnit.SECONDS)) {
        throw new IOException("tcpdump exited before listening (root and tcpdump needed)");
      }
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      p.destroyForcibly();
      throw new IOException("tcpdump did not start: " + e, e);
    }
    return new LoopbackCapture(p, file);
  }

  /** Stops tcpdump (SIGTERM: it flushes and closes the file) and reads what it captured. */
  List<LoopbackDatagram> stop() throws IOException, InterruptedException {
    close();
    return PcapFile.read(file);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
