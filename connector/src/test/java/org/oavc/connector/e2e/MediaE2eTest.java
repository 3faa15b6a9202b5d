package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.media.session.MediaQuality;
import org.oavc.connector.testdouble.OpenSipsTarget;
import org.oavc.connector.testdouble.SippOptions;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.SippRunner;

/**
 * RTP both ways on a real call: SIPp calls through OpenSIPS (double or real), the daemon answers,
 * our session starts sending at once to the SDP address, SIPp's {@code -rtp_echo} returns every
 * packet, and the session counts packets in and out before the caller hangs up. The call's quality
 * figures show in its JSON while it runs and after it ended, and in the metrics.
 */
class MediaE2eTest extends SippE2eTestBase {

  /** A port for SIPp's echo whose neighbours (SIPp also opens +2 for video) are free now. */
  static int freeMediaPort() throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort() & ~3;
      }
      try (DatagramSocket a = new DatagramSocket(port, InetAddress.getLoopbackAddress());
          DatagramSocket b = new DatagramSocket(port + 2, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (java.net.SocketException taken) {
        // another one
      }
    }
    throw new IllegalStateException("no free media port");
  }

  /** A SIPp call that lasts {@code pause} and echoes our RTP from the address in its SDP. */
  static SippOptions echoCall(OpenSipsTarget target, Duration pause) throws Exception {
    return new SippOptions()
        .setScenario("uac-answer-bye.xml")
        .setTarget(target.sipAddress())
        .setTimeout(Duration.ofSeconds(40))
        .setPause(pause)
        .addExtraArgs("-rtp_echo", "-mp", Integer.toString(freeMediaPort()));
  }

  @Test
  void sessionSendsFromTheAnswerOnAndReceivesTheEcho() throws Exception {
    startConnector(Map.of());
    SippOptions o = echoCall(target, Duration.ofSeconds(3));
    SippResult r = SippCalls.await(SippRunner.run(o));
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();

    // 3 s at 50 packets/s each way; generous floors since the call's start and end are not exact.
    double out = connector.counter("oavc_media_rtp_packets_total", "direction", "out");
    double in = connector.counter("oavc_media_rtp_packets_total", "direction", "in");
    assertThat(out).isGreaterThan(50);
    assertThat(in).isGreaterThan(50).isLessThanOrEqualTo(out);
    connector.awaitNoPortInUse();
  }

  /**
   * The scrape's per-call media lines only (the whole scrape is too long for a failure message).
   */
  private String perCallMediaMetrics() throws Exception {
    return connector
        .http("GET", "/metrics")
        .body()
        .lines()
        .filter(l -> l.startsWith("oavc_media_call_"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  @Test
  void callJsonAndMetricsCarryTheMediaQuality() throws Exception {
    startConnector(Map.of());
    SippOptions o = echoCall(target, Duration.ofSeconds(4));
    var run = SippRunner.run(o);
    String key = connector.awaitLiveCall(CallState.ACTIVE).key();
    // While the call runs, GET /calls/{key} shows live figures: the echo of our stream comes back.
    JsonObject live =
        await("live media figures")
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    new JsonObject(connector.http("GET", "/calls/" + key).body())
                        .getJsonObject("media"),
                m -> m != null && m.getLong("packetsIn") >= 20);
    assertThat(live.getLong("packetsOut")).isGreaterThanOrEqualTo(live.getLong("packetsIn") - 5);
    assertThat(live.getDouble("lossPercent")).isBetween(0.0, 100.0);
    assertThat(live.getDouble("jitterMs")).isGreaterThanOrEqualTo(0.0);
    assertThat(live.getString("rttMs", "absent")).isNotEqualTo("NaN");

    SippResult r = SippCalls.await(run);
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    CallView ended = connector.awaitEnded(key);
    assertThat(ended.media()).isNotNull();
    assertThat(ended.media().packetsIn()).isGreaterThanOrEqualTo(live.getLong("packetsIn"));
    assertThat(ended.rtpPacketsIn()).isEqualTo(ended.media().packetsIn());
    JsonObject after =
        new JsonObject(connector.http("GET", "/calls/" + key).body()).getJsonObject("media");
    assertThat(after.getLong("packetsIn")).isEqualTo(ended.media().packetsIn());

    // One per-call sample each of loss and jitter once the session closed (Prometheus summaries).
    String perCall =
        await("per-call media metrics")
            .atMost(Duration.ofSeconds(20))
            .until(
                this::perCallMediaMetrics,
                m ->
                    m.contains("oavc_media_call_loss_ratio_count 1")
                        && m.contains("oavc_media_call_jitter_milliseconds_count 1"));
    assertThat(perCall).contains("oavc_media_call_loss_ratio{quantile=\"0.99\"}");
    connector.awaitNoPortInUse();
  }

  @Test
  void sippPlaysAPcapAsARealRtpSourceAndTheCallerAudioDecodes() throws Exception {
    // 2 s of a 440 Hz tone, 100 PCMU packets; the scenario plays ../media-tone.pcap from its run
    // directory, which SippRunner creates under target/sipp.
    Path pcap =
        Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .resolve("target/sipp/media-tone.pcap");
    RtpPcap.writeTone(pcap, 100, 440, 8000);
    startConnector(Map.of());
    SippOptions o =
        new SippOptions()
            .setScenario("uac-play-pcap.xml")
            .setTarget(target.sipAddress())
            .setTimeout(Duration.ofSeconds(40))
            .setPause(Duration.ofSeconds(4))
            .addExtraArgs("-mp", Integer.toString(freeMediaPort()));
    var run = SippRunner.run(o);
    String key = connector.awaitLiveCall(CallState.ACTIVE).key();
    SippResult r = SippCalls.await(run);
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();

    MediaQuality q = connector.awaitEnded(key).media();
    // None invalid: the bind carries the negotiation (applied before the socket reads), and a
    // packet that beats an apply is held, not judged without payload types. The bind still races
    // the 200 (which must not wait for it): SIPp plays as soon as it has the 200, and under load
    // the first packets can reach the port before it is bound (seen at load 4-10: 100 in 4 of 7
    // runs, 98 in 2, 96 once during a full suite run).
    assertThat(q.invalidPackets()).as("invalid RTP packets: %s", q).isZero();
    assertThat(q.packetsIn()).as("RTP packets from SIPp's pcap: %s", q).isBetween(95L, 100L);
    assertThat(q.lossPercent()).isZero();
    // Decoded, not just counted: the tone plays out of the jitter buffer as audible frames (a few
    // may be dropped as late if SIPp was descheduled on a loaded machine).
    assertThat(q.voicedFramesIn()).isBetween(80L, 100L);
    connector.awaitNoPortInUse();
  }
}
