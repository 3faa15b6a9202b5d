package org.oavc.connector.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.DistributionSummary;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.oavc.connector.config.OavcConfig;
import org.oavc.connector.testdouble.OpenSipsDouble;
import org.oavc.connector.testdouble.OpenSipsDoubleOptions;
import org.oavc.connector.testdouble.OpenSipsTarget;
import org.slf4j.LoggerFactory;

/**
 * The signalling rehearsal runs the real path and leaves nothing behind: no call, port, metric or
 * log line in the daemon, and no datagram to OpenSIPS.
 */
class SignallingWarmupTest {

  @Test
  void everyRehearsalCallIsAnsweredWithAnSdpAndNothingReachesOpenSips() throws Exception {
    try (DatagramSocket openSips = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      // RING_MS would hold each call 5 s: the rehearsal answers at once whatever the ring time.
      OavcConfig config = config(openSips.getLocalPort(), 38320, Map.of("RING_MS", "5000"));
      Logger callLog = (Logger) LoggerFactory.getLogger("oavc.call");
      LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
      int turboFilters = logging.getTurboFilterList().size();
      ListAppender<ILoggingEvent> logged = new ListAppender<>();
      logged.start();
      callLog.addAppender(logged);
      Level level = callLog.getLevel();
      callLog.setLevel(Level.DEBUG); // every call line would show, were the rehearsal not muted
      try {
        int answered =
            SignallingWarmup.run(config, 40)
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertThat(answered).isEqualTo(40);
        assertThat(logged.list).noneMatch(e -> e.getFormattedMessage().contains("warmup."));
        assertThat(logging.getTurboFilterList()).hasSize(turboFilters); // the mute is gone again
      } finally {
        callLog.setLevel(level);
        callLog.detachAppender(logged);
      }
      openSips.setSoTimeout(300);
      assertThatThrownBy(() -> openSips.receive(new DatagramPacket(new byte[65536], 65536)))
          .isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void aDaemonThatRehearsedAtStartHasNoCallPortMetricOrMiRequestOfIt() throws Exception {
    try (OpenSipsTarget target =
        OpenSipsTarget.fromEnvironment(Map.of(), new OpenSipsDoubleOptions())) {
      OpenSipsDouble dbl = target.requireDouble();
      OavcConfig config = config(target.miAddress().getPort(), 38330, Map.of());
      // Vert.x keeps one registry per name for the JVM; a stale one would hide a shared name.
      BackendRegistries.stop(MicrometerMetricsOptions.DEFAULT_REGISTRY_NAME);
      SignallingWarmup.JVM_WARM.set(false); // this start rehearses, whatever ran before in this JVM
      Logger warmupLog = (Logger) LoggerFactory.getLogger(SignallingWarmup.class);
      ListAppender<ILoggingEvent> logged = new ListAppender<>();
      logged.start();
      warmupLog.addAppender(logged);
      OavcDaemon daemon;
      try {
        daemon =
            OavcDaemon.start(config)
                .toCompletionStage()
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
      } finally {
        warmupLog.detachAppender(logged);
      }
      try {
        assertThat(logged.list)
            .anyMatch(
                e ->
                    e.getFormattedMessage()
                        .startsWith(
                            "signalling warm-up: "
                                + config.signallingWarmupCalls
                                + " rehearsal calls answered"));
        assertThat(daemon.ports().inUse()).isZero();
        assertThat(daemon.calls().registry().activeCount()).isZero();
        assertThat(daemon.calls().registry().recent()).isEmpty();
        assertThat(daemon.meters().find("oavc_events_received_total").counters())
            .allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(daemon.meters().find("oavc_call_setup_seconds").timer().count()).isZero();
        assertThat(
                daemon
                    .meters()
                    .find("oavc_mi_request_seconds")
                    .tag("method", "ua_session_reply")
                    .timers())
            .allSatisfy(t -> assertThat(t.count()).isZero());
        // Thousands of rehearsal datagrams; the daemon's own MI requests so far are a few.
        assertThat(datagramsRead(daemon)).isLessThan(40);
        assertThat(dbl.miRequests()).noneMatch(w -> w.text().contains("ua_session_reply"));
      } finally {
        daemon.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void noRehearsalWhenTurnedOff() throws Exception {
    SignallingWarmup.JVM_WARM.set(false);
    OavcConfig config = config(9, 38340, Map.of("SIGNALLING_WARMUP_CALLS", "0"));
    Logger warmupLog = (Logger) LoggerFactory.getLogger(SignallingWarmup.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    warmupLog.addAppender(logged);
    try {
      SignallingWarmup.once(config)
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } finally {
      warmupLog.detachAppender(logged);
    }
    assertThat(logged.list).isEmpty();
    assertThat(SignallingWarmup.JVM_WARM).isFalse(); // a later start with it on still rehearses
  }

  /** Datagrams Vert.x counted as read (its metric: vertx_datagram_bytes_read, a summary). */
  private static double datagramsRead(OavcDaemon daemon) {
    return daemon.meters().getMeters().stream()
        .filter(m -> m.getId().getName().replace('.', '_').equals("vertx_datagram_bytes_read"))
        .mapToDouble(m -> ((DistributionSummary) m).count())
        .sum();
  }

  private static OavcConfig config(int miPort, int rtpBase, Map<String, String> overrides) {
    Map<String, String> s = new HashMap<>();
    s.put("MI_IP", "127.0.0.1");
    s.put("MI_PORT", Integer.toString(miPort));
    s.put("EVENT_IP", "127.0.0.1");
    s.put("EVENT_PORT", "0");
    s.put("HTTP_PORT", "0");
    s.put("STATE_DIR", org.oavc.connector.TestStateDir.fresh());
    s.put("RTP_MIN_PORT", Integer.toString(rtpBase));
    s.put("RTP_MAX_PORT", Integer.toString(rtpBase + 9));
    s.put("AI_SERVICES_EMBEDDED", "false");
    s.put("AI_FLAVOR", "none");
    s.putAll(overrides);
    return OavcConfig.defaultsWith(s);
  }
}
