package org.oavc.bench.wire;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.oavc.bench.Percentiles;

/**
 * Wire INVITE -> 200 OK through a real OpenSIPS (OPENSIPS_SIP, OPENSIPS_MI), SIPp placing calls at
 * a fixed rate, stamped by a loopback capture. In one run: a minimal answerer (the floor), then a
 * freshly started connector daemon (its first calls), then the same daemon after warm-up calls.
 * Prints a markdown table with the ratios to the floor. Args: [calls=200] [rate/s=20] [warm-up
 * calls=600] [KEY=VALUE connector settings...]; -Dwire.daemon="java -jar connector/target/oavc.jar
 * run" is how the daemon is started.
 */
public final class WireSetupLatency {
  /** Calls the floor answers before it is measured: its few methods get compiled. */
  private static final int FLOOR_WARMUP = 100;

  private WireSetupLatency() {}

  public static void main(String[] args) throws Exception {
    List<String> numbers = new ArrayList<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    for (String a : args) {
      if (a.contains("=")) {
        overrides.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      } else {
        numbers.add(a);
      }
    }
    int calls = numbers.size() > 0 ? Integer.parseInt(numbers.get(0)) : 200;
    int rate = numbers.size() > 1 ? Integer.parseInt(numbers.get(1)) : 20;
    int warmup = numbers.size() > 2 ? Integer.parseInt(numbers.get(2)) : 600;
    String sipEnv = System.getenv("OPENSIPS_SIP");
    String miEnv = System.getenv("OPENSIPS_MI");
    if (sipEnv == null || miEnv == null) {
      System.err.println(
          "set OPENSIPS_SIP and OPENSIPS_MI (host:port) of a real OpenSIPS running opensips-test.cfg");
      System.exit(2);
    }
    if (System.getProperty("basedir") == null) {
      System.setProperty("basedir", "bench"); // SippRunner's output under bench/target/sipp
    }
    InetSocketAddress sip = hostPort(sipEnv);
    InetSocketAddress mi = hostPort(miEnv);
    Path out =
        Files.createDirectories(
            Path.of("bench", "target", "wire-setup", Instant.now().toString().replace(':', '-')));
    WirePhases phases = new WirePhases(sip, mi, rate, out);

    List<WirePhases.Result> results = new ArrayList<>();
    try (FloorAnswerer floor = FloorAnswerer.start(mi, 0)) {
      phases.place(FLOOR_WARMUP);
      results.add(phases.measure("minimal answerer (floor)", calls, floor.eventPort()));
    }
    Map<String, String> settings = daemonSettings(sip, mi, overrides);
    int eventPort = Integer.parseInt(settings.get("EVENT_PORT"));
    String command = System.getProperty("wire.daemon", "java -jar connector/target/oavc.jar run");
    long readyMs;
    try (DaemonProcess daemon =
        DaemonProcess.start(
            Arrays.asList(command.trim().split("\\s+")),
            settings,
            freePort(),
            out.resolve("daemon.log"))) {
      readyMs = daemon.awaitReadyMillis(60_000);
      results.add(
          phases.measure("connector, first " + calls + " calls after start", calls, eventPort));
      phases.place(warmup);
      results.add(
          phases.measure("connector, after " + warmup + " warm-up calls", calls, eventPort));
    }
    print(results, calls, rate, readyMs, command, overrides, out);
  }

  /** The shipped defaults except: this OpenSIPS, loopback only, no AI unless asked for. */
  private static Map<String, String> daemonSettings(
      InetSocketAddress sip, InetSocketAddress mi, Map<String, String> overrides)
      throws java.io.IOException {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("MI_IP", mi.getHostString());
    s.put("MI_PORT", Integer.toString(mi.getPort()));
    s.put("OS_SIP_IP", sip.getHostString());
    s.put("OS_SIP_PORT", Integer.toString(sip.getPort()));
    s.put("EVENT_IP", "127.0.0.1");
    s.put("EVENT_PORT", "8089");
    s.put("STATE_DIR", java.nio.file.Files.createTempDirectory("oavc-state-").toString());
    s.put("RTP_BIND_IP", "127.0.0.1");
    s.put(
        "RTP_MIN_PORT",
        "20000"); // below the ephemeral range (32768-60999): no clash with a client socket
    s.put("RTP_MAX_PORT", "20998");
    // The AI answers after the 200; the embedded services would also bind fixed ports.
    s.put("AI_FLAVOR", "none");
    s.put("AI_SERVICES_EMBEDDED", "false");
    s.putAll(overrides);
    return s;
  }

  private static void print(
      List<WirePhases.Result> results,
      int calls,
      int rate,
      long readyMs,
      String command,
      Map<String, String> overrides,
      Path out) {
    WirePhases.Result floor = results.get(0);
    System.out.printf(
        "Wire INVITE -> 200 OK through a real OpenSIPS, loopback capture (%s; %d calls per phase"
            + " at %d/s; connector `%s` %s, ready %d ms after start; raw data in %s)%n",
        Percentiles.machine(), calls, rate, command, overrides, readyMs, out);
    System.out.println(
        "| phase | calls | p50 ms | p90 ms | p99 ms | max ms | p50 / floor | p99 / floor"
            + " | answerer NEW->MI p50 ms | p99 ms | max ms | SIPp failed |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (WirePhases.Result r : results) {
      Percentiles wire = r.wire();
      Percentiles answerer = r.answerer();
      System.out.printf(
          "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %.3f | %d |%n",
          r.name(),
          wire.count(),
          ms(wire, 50),
          ms(wire, 90),
          ms(wire, 99),
          ms(wire, 100),
          ms(wire, 50) / ms(floor.wire(), 50),
          ms(wire, 99) / ms(floor.wire(), 99),
          ms(answerer, 50),
          ms(answerer, 99),
          ms(answerer, 100),
          r.sipp().failedCalls());
    }
  }

  private static double ms(Percentiles p, double percentile) {
    return p.micros(percentile) / 1000.0;
  }

  private static InetSocketAddress hostPort(String s) {
    int colon = s.lastIndexOf(':');
    return new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
