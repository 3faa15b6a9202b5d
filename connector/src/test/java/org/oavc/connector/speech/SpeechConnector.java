package org.oavc.connector.speech;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.config.OavcConfig;
import org.oavc.connector.daemon.OavcDaemon;
import org.oavc.connector.testdouble.OpenSipsTarget;

/**
 * The real daemon for speech calls: started against an OpenSIPS target with ephemeral event and
 * HTTP ports and an RTP range of its own (apart from the e2e tests' and the benches'), AI back ends
 * pointed wherever the overrides say. Public so the benches can drive it too.
 */
public final class SpeechConnector implements AutoCloseable {
  private static final AtomicInteger NEXT_RANGE = new AtomicInteger();

  private final OavcDaemon daemon;
  private final HttpClient http = HttpClient.newHttpClient();

  private SpeechConnector(OavcDaemon daemon) {
    this.daemon = daemon;
  }

  /** Starts the daemon with {@code rtpPorts} RTP ports and these settings over the defaults. */
  public static SpeechConnector start(
      OpenSipsTarget target, int rtpPorts, Map<String, String> overrides) throws Exception {
    int base = 24000 + (NEXT_RANGE.getAndIncrement() % 8) * 120;
    Map<String, String> s = new HashMap<>();
    s.put("MI_IP", target.miAddress().getAddress().getHostAddress());
    s.put("MI_PORT", Integer.toString(target.miAddress().getPort()));
    s.put("EVENT_IP", "127.0.0.1");
    s.put("EVENT_PORT", "0");
    s.put("HTTP_PORT", "0");
    s.put("STATE_DIR", org.oavc.connector.TestStateDir.fresh());
    s.put("MANAGEMENT_TOKEN", org.oavc.connector.TestApiToken.MANAGEMENT);
    s.put("RTP_IP", "127.0.0.1");
    s.put("RTP_MIN_PORT", Integer.toString(base));
    s.put("RTP_MAX_PORT", Integer.toString(base + Math.min(rtpPorts, 119)));
    s.put("RTP_TIMEOUT_S", "0");
    s.put("SHUTDOWN_GRACE_S", "1");
    s.put("AI_SERVICES_EMBEDDED", "false");
    s.putAll(overrides);
    OavcDaemon d =
        OavcDaemon.start(OavcConfig.defaultsWith(s))
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    SpeechConnector c = new SpeechConnector(d);
    await("subscribed to E_UA_SESSION")
        .atMost(Duration.ofSeconds(20))
        .until(() -> d.callControl().subscribed());
    return c;
  }

  public OavcDaemon daemon() {
    return daemon;
  }

  /** The one live call, once answered and confirmed. */
  public CallView awaitAnswered() {
    return await("an answered call")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                daemon.calls().registry().live().stream()
                    .filter(v -> v.state() == CallState.ACTIVE)
                    .findFirst()
                    .orElse(null),
            v -> v != null);
  }

  /** The current view of call {@code key}, live or ended. */
  public CallView view(String key) {
    return daemon.calls().registry().find(key).orElseThrow();
  }

  public CallView awaitEnded(String key, Duration atMost) {
    return await("call " + key + " ended")
        .atMost(atMost)
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

  /** Ends the call as an operator would: DELETE /calls/{key}, i.e. our BYE. */
  public int hangUp(String key) throws IOException, InterruptedException {
    return http("DELETE", "/calls/" + key).statusCode();
  }

  public HttpResponse<String> http(String method, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + path))
            .header("Authorization", org.oavc.connector.TestApiToken.bearer())
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    daemon.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
