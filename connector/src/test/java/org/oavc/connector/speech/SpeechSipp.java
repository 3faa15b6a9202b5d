package org.oavc.connector.speech;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.connector.testdouble.SippResult;

/**
 * Places one call with SIPp and the speech/uac-speech.xml scenario, its SDP offer naming a {@link
 * CallerMedia} socket. The shared SippRunner only reads scenarios from sipp/ and binds SIPp's own
 * media port where the SDP points, so the speech tests start SIPp here. Output goes to
 * target/sipp-speech/&lt;run&gt;/.
 */
public final class SpeechSipp {
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final String SCENARIO = "uac-speech.xml";

  private SpeechSipp() {}

  /** Calls {@code target} (OpenSIPS or the double); completes when SIPp exited. */
  public static CompletableFuture<SippResult> call(
      InetSocketAddress target, CallerMedia media, Duration timeout) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return run(target, media, timeout);
          } catch (IOException e) {
            throw new IllegalStateException("cannot run SIPp: " + e.getMessage(), e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while SIPp ran", e);
          }
        },
        r -> {
          Thread t = new Thread(r, "sipp-speech");
          t.setDaemon(true);
          t.start();
        });
  }

  /** True when SIPp received a BYE in that run (our BYE: the caller never sends one here). */
  public static boolean receivedBye(SippResult result) throws IOException {
    String log =
        Files.readString(result.outputDir().resolve("messages.log"), StandardCharsets.ISO_8859_1);
    return log.matches("(?s).*message received \\[\\d+\\] bytes :\\s*\nBYE .*");
  }

  private static SippResult run(InetSocketAddress target, CallerMedia media, Duration timeout)
      throws IOException, InterruptedException {
    Path dir =
        Path.of(
                "target",
                "sipp-speech",
                "call-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet())
            .toAbsolutePath();
    Files.createDirectories(dir);
    Path scenario = dir.resolve(SCENARIO);
    try (InputStream in = SpeechSipp.class.getResourceAsStream("/speech/" + SCENARIO)) {
      if (in == null) {
        throw new IOException("speech/" + SCENARIO + " missing from test resources");
      }
      Files.copy(in, scenario);
    }
    InetSocketAddress rtp = media.localAddress();
    String host = target.getAddress().getHostAddress();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "sipp",
                host + ":" + target.getPort(),
                "-sf",
                scenario.toString(),
                "-s",
                "ai",
                "-i",
                "127.0.0.1",
                "-m",
                "1",
                "-mi",
                "127.0.0.1",
                "-mp",
                Integer.toString(freeSippMediaPort()),
                "-key",
                "caller_media_ip",
                rtp.getAddress().getHostAddress(),
                "-key",
                "caller_media_port",
                Integer.toString(rtp.getPort()),
                "-key",
                "caller_pt",
                Integer.toString(media.codec().payloadType),
                "-key",
                "caller_rtpmap",
                media.codec().rtpmap,
                "-timeout",
                timeout.toSeconds() + "s",
                "-timeout_error",
                "-nostdin",
                "-trace_msg",
                "-message_file",
                dir.resolve("messages.log").toString(),
                "-trace_err",
                "-error_file",
                dir.resolve("errors.log").toString()));
    Files.writeString(dir.resolve("command.txt"), String.join(" ", cmd) + "\n");
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("screen.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    boolean exited = p.waitFor(timeout.toSeconds() + 10, TimeUnit.SECONDS);
    if (!exited) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    return new SippResult(p.exitValue(), -1, -1, !exited, dir);
  }

  /**
   * SIPp binds a media socket (and +2 for video) even when the SDP points elsewhere: a port whose
   * neighbour is free now, kept clear of the daemon's RTP ranges by asking the kernel.
   */
  private static int freeSippMediaPort() throws SocketException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort() & ~1;
      }
      try (DatagramSocket a = new DatagramSocket(port, InetAddress.getLoopbackAddress());
          DatagramSocket b = new DatagramSocket(port + 2, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (SocketException taken) {
        // try another
      }
    }
    throw new SocketException("no free pair of ports for SIPp's media socket");
  }
}
