package org.oavc.xdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may use the agent's HTTP API (issue 18): it can block all SIP, so it wants its token and one
 * of its own Host names, and caps bodies; /metrics stays open unless METRICS_AUTH.
 */
class AgentApiAccessTest {
  private static final String REFUSED = "oavc_xdp_api_requests_refused_total";

  @TempDir Path tmp;
  private Vertx vertx;
  private XdpAgent agent;
  private AgentHttp http;
  private Path pinDir;

  @BeforeEach
  void start() throws Exception {
    XdpAssumptions.loadable();
    vertx = Vertx.vertx();
    pinDir = Path.of("/sys/fs/bpf/oavc-test-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private void startAgent(XdpAgentOptions o, String token) {
    agent =
        XdpAgent.create(
            vertx, o.setPinDir(pinDir).setStateFile(tmp.resolve("state.json")).setHttpPort(0));
    agent.start().await();
    http = new AgentHttp(vertx, agent.httpPort(), token);
  }

  private void stopAgent() {
    http.close();
    agent.close().await();
    agent = null;
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      stopAgent();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void tokenHostAndBodyAreCheckedAndCounted() {
    startAgent(AgentHttp.options(), AgentHttp.TOKEN);
    HttpResponse<Buffer> none = http.bare(HttpMethod.GET, "/blocklist").send().await();
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"oavc-xdp-agent\"");
    HttpResponse<Buffer> wrong =
        http.bare(HttpMethod.POST, "/blocklist")
            .bearerTokenAuthentication(AgentHttp.TOKEN + "-not")
            .sendJsonObject(new JsonObject().put("cidr", "0.0.0.0/0").put("confirmAll", true))
            .await();
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(http.get("/blocklist").getInteger("count")).as("nothing blocked").isZero();

    for (String path : new String[] {"/stats", "/metrics"}) {
      HttpResponse<Buffer> rebound =
          http.bare(HttpMethod.GET, path)
              .putHeader("Host", "evil.example:" + agent.httpPort())
              .bearerTokenAuthentication(AgentHttp.TOKEN)
              .send()
              .await();
      assertThat(rebound.statusCode()).as(path).isEqualTo(403);
    }
    HttpResponse<Buffer> big =
        http.call(HttpMethod.PUT, "/config", "{\"x\": \"" + "a".repeat(1024 * 1024) + "\"}");
    assertThat(big.statusCode()).isEqualTo(413);

    HttpResponse<Buffer> metrics = http.bare(HttpMethod.GET, "/metrics").send().await();
    assertThat(metrics.statusCode()).as("open by default").isEqualTo(200);
    assertThat(metrics.bodyAsString())
        .contains(REFUSED + "{reason=\"token\"} 2.0")
        .contains(REFUSED + "{reason=\"host\"} 2.0")
        .contains(REFUSED + "{reason=\"body\"} 1.0");
  }

  @Test
  void metricsAuthProtectsMetrics() {
    startAgent(AgentHttp.options().setMetricsAuth(true), AgentHttp.TOKEN);
    assertThat(http.bare(HttpMethod.GET, "/metrics").send().await().statusCode()).isEqualTo(401);
    assertThat(http.call(HttpMethod.GET, "/metrics", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aGeneratedTokenIsKeptOwnerOnlyAndReusedAcrossRestarts() throws Exception {
    Path file = tmp.resolve("state-dir").resolve("xdp-agent.token");
    startAgent(new XdpAgentOptions().setApiTokenFile(file), AgentHttp.TOKEN);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String token = Files.readString(file).trim();
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(http.call(HttpMethod.GET, "/stats", null).statusCode())
        .as("the generated token, not the test's")
        .isEqualTo(401);
    stopAgent();

    startAgent(new XdpAgentOptions().setApiTokenFile(file), token);
    assertThat(Files.readString(file).trim()).isEqualTo(token);
    assertThat(http.call(HttpMethod.GET, "/stats", null).statusCode()).isEqualTo(200);
  }
}
