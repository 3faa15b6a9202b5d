package org.oavc.connector.media.rtpengine;

import static org.awaitility.Awaitility.await;

import com.dampcake.bencode.Bencode;
import com.dampcake.bencode.Type;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real rtpengine (Debian rtpengine-daemon) for a test: userspace forwarding only ({@code
 * --table=-1}, no kernel module), in the foreground, on 127.0.0.1, its ng control port a free UDP
 * port, its own small media range below Linux's ephemeral range, no config file. It runs as whoever
 * runs the tests (root is not needed). Its log goes to target/rtpengine/&lt;name&gt;.log. Closing
 * it kills it.
 */
public final class RtpEngineProcess implements AutoCloseable {
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final Process process;
  private final int ngPort;
  private final int mediaMin;
  private final int mediaMax;
  private final Path log;

  private RtpEngineProcess(Process process, int ngPort, int mediaMin, int mediaMax, Path log) {
    this.process = process;
    this.ngPort = ngPort;
    this.mediaMin = mediaMin;
    this.mediaMax = mediaMax;
    this.log = log;
  }

  /** Whether an rtpengine executable is on PATH (or in /usr/bin, where Debian puts it). */
  public static boolean isAvailable() {
    return executable() != null;
  }

  /** The message a test skips with when {@link #isAvailable()} is false. */
  public static final String MISSING =
      "rtpengine not installed (Debian package rtpengine-daemon; scripts/test.sh installs it)";

  private static String executable() {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    return Arrays.stream(path.split(File.pathSeparator))
        .map(d -> Path.of(d, "rtpengine"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElse(null);
  }

  /**
   * Starts one with media ports {@code mediaMin..mediaMax} and waits until it answers an ng ping.
   * Tests' rtpengines take 22000-22999: below Linux's ephemeral range and clear of the test
   * daemons' RTP ranges (23000-23799 in ConnectorUnderTest, 24000+ for the speech tests).
   */
  public static RtpEngineProcess start(String name, int mediaMin, int mediaMax) throws IOException {
    String exe = executable();
    if (exe == null) {
      throw new IllegalStateException(MISSING);
    }
    Path dir =
        Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/rtpengine");
    Files.createDirectories(dir);
    Path log =
        dir.resolve(
            name + "-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet() + ".log");
    int ng = freeUdpPort();
    List<String> cmd =
        List.of(
            exe,
            "--config-file=none",
            "--interface=127.0.0.1",
            "--listen-ng=127.0.0.1:" + ng,
            "--table=-1",
            "--foreground",
            "--log-stderr",
            "--log-level=6",
            "--delete-delay=0",
            "--port-min=" + mediaMin,
            "--port-max=" + mediaMax);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    RtpEngineProcess r = new RtpEngineProcess(p, ng, mediaMin, mediaMax, log);
    try {
      await("rtpengine answering ng ping on " + ng + " (log " + log + ")")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !p.isAlive() || r.pings());
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "rtpengine exited with " + p.exitValue() + ": " + Files.readString(log));
      }
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
    return r;
  }

  /** One ng ping with a plain socket: true when a pong came back. */
  boolean pings() {
    try {
      return "pong".equals(request(Map.of("command", "ping")).get("result"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * One ng request straight over a plain socket, for a test's own checks (e.g. {@code query}: does
   * rtpengine still have a call). Fails with SocketTimeoutException when nothing answers in 1 s.
   */
  public Map<String, Object> request(Map<String, Object> dict) throws IOException {
    Bencode bencode = new Bencode();
    String cookie = "t" + RUNS.incrementAndGet() + "x" + System.nanoTime();
    byte[] body = bencode.encode(dict);
    byte[] head = (cookie + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] msg = new byte[head.length + body.length];
    System.arraycopy(head, 0, msg, 0, head.length);
    System.arraycopy(body, 0, msg, head.length, body.length);
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(1000);
      s.send(new DatagramPacket(msg, msg.length, new InetSocketAddress("127.0.0.1", ngPort)));
      byte[] buf = new byte[65535];
      while (true) {
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        s.receive(in);
        String text = new String(buf, 0, in.getLength(), StandardCharsets.UTF_8);
        if (text.startsWith(cookie + " ")) {
          return bencode.decode(
              Arrays.copyOfRange(buf, head.length, in.getLength()), Type.DICTIONARY);
        }
      }
    }
  }

  /** Whether rtpengine still knows the call (an ng {@code query} answered "ok"). */
  public boolean hasCall(String callId) throws IOException {
    return "ok".equals(request(Map.of("command", "query", "call-id", callId)).get("result"));
  }

  /** host:port of the ng control socket, as RTPENGINE_NG lists it. */
  public String ngAddress() {
    return "127.0.0.1:" + ngPort;
  }

  public int ngPort() {
    return ngPort;
  }

  public int mediaMin() {
    return mediaMin;
  }

  public int mediaMax() {
    return mediaMax;
  }

  public Path log() {
    return log;
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
