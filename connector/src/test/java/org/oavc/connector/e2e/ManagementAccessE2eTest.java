package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.connector.TestApiToken;

/**
 * Who may use the running daemon's management API (issue 18): the token, the Host header, body
 * limits, the open /ready and /metrics, the generated token file and the CLI that reads it.
 */
class ManagementAccessE2eTest extends SippE2eTestBase {
  private static final String REFUSED = "oavc_management_requests_refused_total";

  @TempDir Path dir;
  private Vertx vertx;
  private WebClient client;

  @BeforeEach
  void client() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void closeClient() {
    client.close();
    vertx.close().await();
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path) {
    return client.request(method, connector.daemon.httpPort(), "127.0.0.1", path);
  }

  private int status(HttpMethod method, String path, String token) {
    HttpRequest<Buffer> req = request(method, path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return req.send().await().statusCode();
  }

  @Test
  void everyRouteButTheProbesAndMetricsNeedsTheToken() throws Exception {
    startConnector(Map.of());
    String good = TestApiToken.MANAGEMENT;
    HttpResponse<Buffer> none = request(HttpMethod.GET, "/calls").send().await();
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"oavc-management\"");
    assertThat(status(HttpMethod.GET, "/calls", good + "-not")).isEqualTo(401);
    assertThat(status(HttpMethod.GET, "/calls/B2B.1.2.3.4", null)).isEqualTo(401);
    assertThat(status(HttpMethod.POST, "/health", null)).isEqualTo(401);
    assertThat(status(HttpMethod.DELETE, "/calls/B2B.1.2.3.4", null)).isEqualTo(401);
    assertThat(connector.counter(REFUSED, "reason", "token")).isEqualTo(5);

    assertThat(status(HttpMethod.GET, "/calls", good)).isEqualTo(200);
    assertThat(status(HttpMethod.GET, "/health", null)).isEqualTo(200);
    assertThat(status(HttpMethod.DELETE, "/calls/B2B.1.2.3.4", good)).isEqualTo(404);
    assertThat(status(HttpMethod.GET, "/ready", null)).isEqualTo(200);
    HttpResponse<Buffer> metrics = request(HttpMethod.GET, "/metrics").send().await();
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains(REFUSED + "{reason=\"token\"} 5.0");
  }

  @Test
  void aRebindingHostIsRefusedEvenOnOpenRoutes() throws Exception {
    startConnector(Map.of());
    for (String path : new String[] {"/calls", "/ready", "/metrics"}) {
      HttpResponse<Buffer> r =
          request(HttpMethod.GET, path)
              .putHeader("Host", "evil.example:" + connector.daemon.httpPort())
              .bearerTokenAuthentication(TestApiToken.MANAGEMENT)
              .send()
              .await();
      assertThat(r.statusCode()).as(path).isEqualTo(403);
    }
    assertThat(connector.counter(REFUSED, "reason", "host")).isEqualTo(3);
    HttpResponse<Buffer> local =
        request(HttpMethod.GET, "/calls")
            .putHeader("Host", "localhost:" + connector.daemon.httpPort())
            .bearerTokenAuthentication(TestApiToken.MANAGEMENT)
            .send()
            .await();
    assertThat(local.statusCode()).isEqualTo(200);
  }

  @Test
  void anOversizedBodyGets413() throws Exception {
    startConnector(Map.of());
    HttpResponse<Buffer> r =
        request(HttpMethod.DELETE, "/calls/B2B.1.2.3.4")
            .bearerTokenAuthentication(TestApiToken.MANAGEMENT)
            .sendBuffer(Buffer.buffer(new byte[64 * 1024]))
            .await();
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(connector.counter(REFUSED, "reason", "body")).isEqualTo(1);
  }

  @Test
  void metricsAuthProtectsMetricsButNotReady() throws Exception {
    startConnector(Map.of("METRICS_AUTH", "true"));
    assertThat(status(HttpMethod.GET, "/metrics", null)).isEqualTo(401);
    assertThat(status(HttpMethod.GET, "/metrics", TestApiToken.MANAGEMENT)).isEqualTo(200);
    assertThat(status(HttpMethod.GET, "/ready", null)).isEqualTo(200);
  }

  @Test
  void aGeneratedTokenIsKeptInStateDirAcrossRestartsAndTheCliReadsIt() throws Exception {
    Path state = dir.resolve("state");
    Map<String, String> generated = Map.of("MANAGEMENT_TOKEN", "", "STATE_DIR", state.toString());
    startConnector(generated);
    Path file = state.resolve("management.token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String token = Files.readString(file).trim();
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(status(HttpMethod.GET, "/calls", TestApiToken.MANAGEMENT)).isEqualTo(401);
    assertThat(status(HttpMethod.GET, "/calls", token)).isEqualTo(200);

    Path cfg = dir.resolve("cli.env");
    Files.writeString(
        cfg, "STATE_DIR=" + state + "\nHTTP_PORT=" + connector.daemon.httpPort() + "\n");
    CliRun calls = CliRun.of("calls", "--config", cfg.toString());
    assertThat(calls.exit()).as(calls.err()).isZero();
    assertThat(calls.out()).contains("0 active call(s)");
    CliRun hangup = CliRun.of("hangup", "--config", cfg.toString(), "B2B.1.2.3.4");
    assertThat(hangup.exit()).as("404: the token was good").isEqualTo(3);

    Files.writeString(
        cfg,
        "MANAGEMENT_TOKEN=wrong-token-0123456789\nHTTP_PORT=" + connector.daemon.httpPort() + "\n");
    CliRun wrong = CliRun.of("calls", "--config", cfg.toString());
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).contains("HTTP 401");

    Files.writeString(
        cfg,
        "STATE_DIR=" + dir.resolve("elsewhere") + "\nHTTP_PORT=" + connector.daemon.httpPort());
    CliRun missing = CliRun.of("calls", "--config", cfg.toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err())
        .contains(dir.resolve("elsewhere").resolve("management.token").toString())
        .contains("MANAGEMENT_TOKEN");

    connector.close();
    connector = null;
    startConnector(generated);
    assertThat(Files.readString(file).trim()).as("reused, not regenerated").isEqualTo(token);
    assertThat(status(HttpMethod.GET, "/calls", token)).isEqualTo(200);
  }

  @Test
  void aStateDirThatCannotHoldTheTokenFailsTheStartWithItsPath() throws Exception {
    Path notADir = dir.resolve("plain-file");
    Files.writeString(notADir, "");
    assertThatThrownBy(
            () -> startConnector(Map.of("MANAGEMENT_TOKEN", "", "STATE_DIR", notADir.toString())))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .hasMessageContaining(notADir.resolve("management.token").toString())
        .hasMessageContaining("MANAGEMENT_TOKEN");
  }
}
