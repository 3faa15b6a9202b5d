package org.oavc.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.oavc.connector.config.OavcConfig;
import org.oavc.connector.daemon.OavcDaemon;
import org.oavc.connector.testdouble.OpenSipsDouble;
import org.oavc.connector.testdouble.OpenSipsTarget;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.WireRecord;

/**
 * How fast the daemon answers: time from the E_UA_SESSION NEW datagram leaving the OpenSIPS double
 * to the ua_session_reply 200 datagram reaching it, both stamped on the double's clock, with SIPp
 * placing real calls (AI connect not awaited: the media and AI paths come later). Args: [calls=400]
 * [rate/s=40] [warm-up calls=0, placed first and left out of the figures].
 */
public final class CallSetupLatency {
  private static final Pattern KEY = Pattern.compile("\"key\":\"([^\"]+)\"");

  /** A daemon beside {@code target}: any free ports, a fresh state directory, no AI services. */
  static Map<String, String> daemonSettings(OpenSipsTarget target) throws java.io.IOException {
    Map<String, String> s = new HashMap<>();
    s.put("MI_PORT", Integer.toString(target.miAddress().getPort()));
    s.put("EVENT_IP", "127.0.0.1");
    s.put("EVENT_PORT", "0");
    s.put("HTTP_PORT", "0");
    s.put("STATE_DIR", java.nio.file.Files.createTempDirectory("oavc-state-").toString());
    s.put("RTP_MIN_PORT", "40000");
    s.put("RTP_MAX_PORT", "40999");
    s.put("RTP_TIMEOUT_S", "0");
    // No AI on the set-up path yet; the embedded services would only add idle threads (and
    // bind fixed ports that other runs on a shared machine may hold).
    s.put("AI_SERVICES_EMBEDDED", "false");
    return s;
  }

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    try (OpenSipsTarget target =
        OpenSipsTarget.fromEnvironment(
            Map.of(), new org.oavc.connector.testdouble.OpenSipsDoubleOptions())) {
      OpenSipsDouble dbl = target.requireDouble();
      Map<String, String> s = daemonSettings(target);
      OavcDaemon daemon =
          OavcDaemon.start(OavcConfig.defaultsWith(s))
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      while (!daemon.callControl().subscribed()) {
        Thread.sleep(50);
      }
      Map<String, HistogramSnapshot> before = new HashMap<>();
      java.time.Instant measuredFrom = java.time.Instant.EPOCH;
      if (warmup > 0) {
        // Calls the JIT compiles the set-up path on; left out of every figure below.
        place(target, warmup, rate);
        TIMERS.forEach((label, find) -> before.put(label, find.apply(daemon).takeSnapshot()));
        measuredFrom = java.time.Instant.now();
      }
      SippResult r = place(target, calls, rate);

      Map<String, Long> newSent = new HashMap<>();
      for (WireRecord w : dbl.eventsSent()) {
        String t = w.text();
        if (w.time().isAfter(measuredFrom) && t.contains("\"event_type\":\"NEW\"")) {
          newSent.put(key(t), nanos(w));
        }
      }
      long[] lat = new long[newSent.size()];
      int n = 0;
      for (WireRecord w : dbl.miRequests()) {
        String t = w.text();
        if (t.contains("\"method\":\"ua_session_reply\"") && t.contains("\"code\":200")) {
          Long sent = newSent.remove(key(t));
          if (sent != null) {
            lat[n++] = nanos(w) - sent;
          }
        }
      }
      Percentiles p = new Percentiles(lat, n);
      System.out.printf(
          "NEW event -> ua_session_reply 200 (%s; SIPp %d calls at %d/s after %d"
              + " warm-up calls, %s)%n",
          Percentiles.machine(),
          calls,
          rate,
          warmup,
          r.allCallsSucceeded()
              ? "all succeeded"
              : r.failedCalls() + " failed, see " + r.outputDir());
      System.out.println("| calls measured | p50 us | p90 us | p99 us | p99.9 us | max us |");
      System.out.println("|---|---|---|---|---|---|");
      System.out.printf(
          "| %d | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
          n, p.micros(50), p.micros(90), p.micros(99), p.micros(99.9), p.micros(100));
      System.out.println(
          "connector-internal, from its histograms (bucket upper bounds, us;"
              + " max: the timer's max of the last minutes, warm-up included):");
      System.out.println("| timer | count | mean | p50 <= | p90 <= | p99 <= | p99.9 <= | max |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      TIMERS.forEach(
          (label, find) -> {
            Timer t = find.apply(daemon);
            if (t != null) {
              System.out.println(BucketDiff.row(label, before.get(label), t.takeSnapshot()));
            }
          });
      daemon.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** The connector's set-up timers, by the label printed. */
  private static final Map<String, Function<OavcDaemon, Timer>> TIMERS = new LinkedHashMap<>();

  static {
    TIMERS.put(
        "NEW handled -> 200 handed to MI", d -> d.meters().find("oavc_call_setup_seconds").timer());
    for (String stage : new String[] {"port", "media"}) {
      TIMERS.put(
          "stage " + stage + " done after",
          d -> d.meters().find("oavc_call_setup_stage_seconds").tag("stage", stage).timer());
    }
  }

  private static SippResult place(OpenSipsTarget target, int calls, int rate) throws Exception {
    return BenchSippCalls.place(target.sipAddress(), calls, rate);
  }

  private static String key(String text) {
    Matcher m = KEY.matcher(text);
    return m.find() ? m.group(1) : "";
  }

  private static long nanos(WireRecord w) {
    return w.time().getEpochSecond() * 1_000_000_000L + w.time().getNano();
  }
}
