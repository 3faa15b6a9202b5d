package org.oavc.connector.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.config.OavcConfig;
import org.oavc.connector.daemon.OavcDaemon;
import org.oavc.connector.testdouble.OpenSipsTarget;

/**
 * The real daemon ({@link OavcDaemon}) started against an OpenSIPS target (the double, or a real
 * OpenSIPS through OPENSIPS_MI/OPENSIPS_SIP) with ephemeral event and HTTP ports and an RTP range
 * of its own, plus the waits and HTTP calls the end-to-end tests need.
 */
final class ConnectorUnderTest implements AutoCloseable {
  /**
   * Each daemon gets its own RTP range so runs never share a port; below Linux's ephemeral range
   * (32768-60999), where a client socket of SIPp, baresip or the JVM could hold one of them.
   */
  private static final AtomicInteger NEXT_RANGE = new AtomicInteger(0);

  final OavcDaemon daemon;
  final int rtpMin;
  final int rtpMax;
  private final HttpClient http = HttpClient.newHttpClient();

  private ConnectorUnderTest(OavcDaemon daemon, int rtpMin, int rtpMax) {
    this.daemon = daemon;
    this.rtpMin = rtpMin;
    this.rtpMax = rtpMax;
  }

  static ConnectorUnderTest start(OpenSipsTarget target, Map<String, String> overrides)
      throws Exception {
    int base = 23000 + (NEXT_RANGE.getAndIncrement() % 40) * 20;
    Map<String, String> s = new HashMap<>();
    s.put("MI_IP", target.miAddress().getAddress().getHostAddress());
    s.put("MI_PORT", Integer.toString(target.miAddress().getPort()));
    s.put("MI_TIMEOUT_MS", "500");
    s.put("EVENT_IP", "127.0.0.1");
    s.put("EVENT_PORT", "0");
    s.put("HTTP_PORT", "0");
    s.put("STATE_DIR", org.oavc.connector.TestStateDir.fresh());
    s.put("MANAGEMENT_TOKEN", org.oavc.connector.TestApiToken.MANAGEMENT);
    s.put("RTP_MIN_PORT", Integer.toString(base));
    s.put("RTP_MAX_PORT", Integer.toString(base + 9));
    s.put("RTP_TIMEOUT_S", "0");
    s.put("RECONCILE_INTERVAL_S", "1");
    s.put("SHUTDOWN_GRACE_S", "1");
    s.put("AI_SERVICES_EMBEDDED", "false"); // the embedded default has its own test
    s.put("AI_FLAVOR", "none"); // call-layer tests: media only; AI tests choose a flavor
    s.putAll(overrides);
    OavcConfig config = OavcConfig.defaultsWith(s);
    OavcDaemon d =
        OavcDaemon.start(config)
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    ConnectorUnderTest c = new ConnectorUnderTest(d, config.rtpMinPort, config.rtpMaxPort);
    await("subscribed to E_UA_SESSION")
        .atMost(Duration.ofSeconds(20))
        .until(() -> d.callControl().subscribed());
    return c;
  }

  /** The one live call, once it reached {@code state}. */
  CallView awaitLiveCall(CallState state) {
    return await("a live call in state " + state)
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                daemon.calls().registry().live().stream()
                    .filter(v -> v.state() == state)
                    .findFirst()
                    .orElse(null),
            v -> v != null);
  }

  /** The ended record of the call with {@code key} (from the history). */
  CallView awaitEnded(String key) {
    return await("call " + key + " ended")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                daemon
                    .calls()
                    .registry()
                    .find(key)
                    .filter(v -> v.state() == CallState.ENDED)
                    .orElse(null),
            v -> v != null);
  }

  /** The first ended call in the history, waiting for one. */
  CallView awaitAnyEnded() {
    return await("an ended call")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              List<CallView> recent = daemon.calls().registry().recent();
              return recent.isEmpty() ? null : recent.get(0);
            },
            v -> v != null);
  }

  void awaitNoPortInUse() {
    await("every RTP port released")
        .atMost(Duration.ofSeconds(20))
        .until(() -> daemon.ports().inUse() == 0);
  }

  /** A gauge's value now (the meter must be registered). */
  double gauge(String name) {
    return daemon.meters().get(name).gauge().value();
  }

  /** A counter summed over all its tags. */
  double counter(String name) {
    return org.oavc.connector.MeterTotals.total(daemon.meters(), name);
  }

  double counter(String name, String tag, String value) {
    return org.oavc.connector.MeterTotals.total(daemon.meters(), name, tag, value);
  }

  HttpResponse<String> http(String method, String path) throws IOException, InterruptedException {
    return http(method, path, null);
  }

  /** With a JSON body (null: none). */
  HttpResponse<String> http(String method, String path, String json)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + path))
            .header("Authorization", org.oavc.connector.TestApiToken.bearer())
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A GET whose body is binary (a recording). */
  HttpResponse<byte[]> httpBytes(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + path))
            .header("Authorization", org.oavc.connector.TestApiToken.bearer())
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public void close() throws Exception {
    daemon.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
