package org.oavc.connector.e2e;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.oavc.connector.speech.Pcm;

/**
 * A real baresip 1.0.0 (Debian) as the caller (or the called party of a placed call): its own SDP
 * offer/answer, RTP/RTCP stack, codecs, RFC 4733 digits and hold re-INVITEs. Headless: no sound
 * card, so the microphone is the aufile source playing a WAV the test wrote, there is no player,
 * and the sndfile filter dumps what baresip decoded from us into a WAV. Driven over ctrl_tcp
 * ({@link BaresipControl}). Bound to 127.0.0.1 only (SIP, RTP, ctrl_tcp; DNS pointed at loopback
 * though nothing is resolved). Its directory is target/baresip/&lt;run&gt;/ (config, accounts,
 * baresip.log with the SIP trace, the dumps), kept for debugging like SIPp's runs; the WAV it plays
 * is deleted on close.
 */
final class BaresipUa implements AutoCloseable {
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** baresip picks its RTP port at random in here: clear of the connector ranges in the tests. */
  private static final String RTP_PORTS = "39600-39799";

  /** What baresip offers: one codec (its module and the account's codec list) at its rate. */
  enum Codec {
    PCMU("g711.so", "pcmu", 8000),
    G722("g722.so", "g722", 16000),
    OPUS("opus.so", "opus/48000/2", 48000);

    final String module;
    final String accountName;
    final int sampleRate;

    Codec(String module, String accountName, int sampleRate) {
      this.module = module;
      this.accountName = accountName;
      this.sampleRate = sampleRate;
    }
  }

  private final Path dir;
  private final Process process;
  private final BaresipControl control;
  private int sipPort;

  private BaresipUa(Path dir, Process process, BaresipControl control) {
    this.dir = dir;
    this.process = process;
    this.control = control;
  }

  /** Whether a baresip executable is on PATH (Debian package baresip / baresip-core). */
  static boolean isAvailable() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, "baresip")));
  }

  /**
   * Starts baresip offering only {@code codec}, its microphone playing {@code microphone} (mono, at
   * the codec's rate; it should outlast the call), and connects to its ctrl_tcp port.
   */
  static BaresipUa start(String name, Codec codec, short[] microphone) throws IOException {
    return start(name, codec, microphone, 0);
  }

  /**
   * As {@link #start}, but as the called party of a call the daemon places: it listens for SIP on
   * {@link #calleeUri()} and answers at once (answermode auto).
   */
  static BaresipUa startCallee(String name, Codec codec, short[] microphone) throws IOException {
    int sipPort;
    try (java.net.DatagramSocket probe =
        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      sipPort = probe.getLocalPort();
    }
    BaresipUa ua = start(name, codec, microphone, sipPort);
    ua.sipPort = sipPort;
    return ua;
  }

  /** The URI the daemon dials to reach a {@link #startCallee} baresip. */
  String calleeUri() {
    return "sip:callee@127.0.0.1:" + sipPort;
  }

  /** {@code sipPort} 0: a caller (SIP on a port of its own, answers nothing). */
  private static BaresipUa start(String name, Codec codec, short[] microphone, int sipPort)
      throws IOException {
    Path dir =
        Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .resolve("target")
            .resolve("baresip")
            .resolve(name + "-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());
    Files.createDirectories(dir.resolve("snd"));
    Pcm.writeWav(dir.resolve("microphone.wav"), microphone, codec.sampleRate);
    // regint=0: no REGISTER; a caller only calls out (answermode manual), a callee answers at once
    Files.writeString(
        dir.resolve("accounts"),
        (sipPort == 0
                ? "<sip:caller@127.0.0.1>;regint=0;answermode=manual"
                : "<sip:callee@127.0.0.1>;regint=0;answermode=auto")
            + ";audio_codecs="
            + codec.accountName
            + "\n",
        StandardCharsets.US_ASCII);
    for (int attempt = 1; ; attempt++) {
      int ctrlPort = freeTcpPort();
      Files.writeString(
          dir.resolve("config"), config(dir, codec, ctrlPort, sipPort), StandardCharsets.US_ASCII);
      Process p =
          new ProcessBuilder(List.of("baresip", "-s", "-f", dir.toString()))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("baresip.log").toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      try {
        if (ctrlListening(dir, p)) {
          return new BaresipUa(dir, p, BaresipControl.connect(ctrlPort, p));
        }
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS); // the probed port was taken meanwhile
        if (attempt == 3) {
          throw new IOException("baresip's ctrl_tcp found no free port in 3 attempts");
        }
      } catch (RuntimeException | InterruptedException e) {
        p.destroyForcibly();
        throw new IOException("baresip did not start; see " + dir.resolve("baresip.log"), e);
      }
    }
  }

  /**
   * Once baresip is ready (modules loaded), whether its ctrl_tcp got the port: if not, it runs on
   * without it and whatever took the port would get our commands.
   */
  private static boolean ctrlListening(Path dir, Process p) {
    await("baresip ready")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new IllegalStateException("baresip exited with " + p.exitValue());
              }
              return Files.readString(dir.resolve("baresip.log"), StandardCharsets.ISO_8859_1);
            },
            log -> log.contains("baresip is ready."));
    try {
      return !Files.readString(dir.resolve("baresip.log"), StandardCharsets.ISO_8859_1)
          .contains("ctrl_tcp: failed to listen");
    } catch (IOException e) {
      return false;
    }
  }

  private static String config(Path dir, Codec codec, int ctrlPort, int sipPort) {
    return String.join(
        "\n",
        "poll_method epoll",
        "sip_listen 127.0.0.1:" + sipPort,
        "net_interface 127.0.0.1",
        "dns_server 127.0.0.1:53",
        "call_local_timeout 60",
        "call_max_calls 1",
        "audio_source aufile," + dir.resolve("microphone.wav"),
        "ausrc_srate " + codec.sampleRate,
        "ausrc_channels 1",
        "audio_buffer 20-160",
        "rtp_ports " + RTP_PORTS,
        "rtcp_mux no",
        "jitter_buffer_delay 5-10",
        "snd_path " + dir.resolve("snd"),
        "ctrl_tcp_listen 127.0.0.1:" + ctrlPort,
        "module_path /usr/lib/baresip/modules",
        "module " + codec.module,
        "module aufile.so",
        "module sndfile.so",
        "module_tmp account.so",
        "module_app menu.so",
        "module_app ctrl_tcp.so",
        "");
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  BaresipControl control() {
    return control;
  }

  /** Calls {@code user} at {@code target} and waits until the call is established. */
  JsonObject dial(InetSocketAddress target, String user) throws IOException {
    startCall(target, user);
    return control.awaitEvent("CALL_ESTABLISHED");
  }

  /** Sends the INVITE to {@code user} at {@code target}; progress shows as events. */
  void startCall(InetSocketAddress target, String user) throws IOException {
    String host = target.getAddress().getHostAddress();
    control.commandOk(
        "dial",
        "sip:"
            + user
            + "@"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + target.getPort());
  }

  /** Hangs up (a BYE) and waits for baresip to report the call closed. */
  JsonObject hangup() throws IOException {
    control.commandOk("hangup", null);
    return control.awaitEvent("CALL_CLOSED");
  }

  /** Sends one DTMF key as RFC 4733 events (press, then release after the menu's key delay). */
  void pressKey(char key) throws IOException {
    control.commandOk("sndcode", String.valueOf(key));
  }

  /**
   * What baresip decoded from us during its call, at the codec's rate: complete once the call
   * closed (sndfile finishes its WAV when the call's audio stream goes away).
   */
  Pcm.Wav decoded() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("snd"))) {
      Path dec =
          files
              .filter(f -> f.getFileName().toString().endsWith("-dec.wav"))
              .findFirst()
              .orElseThrow(() -> new IOException("no decoded-audio dump in " + dir.resolve("snd")));
      return Pcm.Wav.read(dec);
    }
  }

  /** baresip's console output and SIP trace so far. */
  String log() {
    try {
      return Files.readString(dir.resolve("baresip.log"), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  Path dir() {
    return dir;
  }

  /**
   * Asks baresip to quit, then kills it: 1.0.0 keeps running after "quit" (and SIGTERM) while a SIP
   * client transaction is still open, which the test does not need to wait out.
   */
  @Override
  public void close() throws Exception {
    try {
      if (process.isAlive()) {
        try {
          control.command("quit", null);
        } catch (IOException | RuntimeException e) {
          // already gone or not answering: killed below
        }
      }
      control.close();
    } finally {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(dir.resolve("microphone.wav"));
    }
  }
}
