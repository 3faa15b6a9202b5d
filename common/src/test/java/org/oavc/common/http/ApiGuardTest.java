package org.oavc.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.common.settings.ConfigException;

/** The guard in front of a small API served on loopback, called over real HTTP. */
class ApiGuardTest {
  private static final String TOKEN = "test-token-0123456789abcdef";
  private static final int BODY_LIMIT = 1024;

  @TempDir Path state;
  private Vertx vertx;
  private WebClient client;
  private SimpleMeterRegistry meters;
  private HttpServer server;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    meters = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    client.close();
    vertx.close().await();
  }

  private ApiGuardOptions options() {
    return new ApiGuardOptions()
        .setToken(ApiToken.of(TOKEN, "TEST_TOKEN"))
        .setTokenSetting("TEST_TOKEN")
        .setBoundHost("127.0.0.1")
        .setRealm("oavc-test")
        .setRefusalsMetric("oavc_test_requests_refused_total");
  }

  /** Serves GET /ready, /metrics, /calls and POST /echo behind a guard made from {@code o}. */
  private void serve(ApiGuardOptions o) {
    if (server != null) {
      server.close().await();
    }
    ApiGuard guard = ApiGuard.create(vertx, o, meters).await();
    Router r = guard.install(Router.router(vertx));
    r.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    r.get("/ready").handler(ctx -> ctx.end("ready"));
    r.get("/metrics").handler(ctx -> ctx.end("metrics"));
    r.get("/calls").handler(ctx -> ctx.end("calls"));
    r.post("/echo").handler(ctx -> ctx.end(Integer.toString(ctx.body().length())));
    server = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1").await();
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path) {
    return client.request(method, server.actualPort(), "127.0.0.1", path);
  }

  private HttpResponse<Buffer> get(String path, String token) {
    HttpRequest<Buffer> req = request(HttpMethod.GET, path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return req.send().await();
  }

  private double refused(String reason) {
    return meters.get("oavc_test_requests_refused_total").tag("reason", reason).counter().count();
  }

  @Test
  void onlyTheRightBearerTokenGetsThrough() {
    serve(options());
    HttpResponse<Buffer> none = get("/calls", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"oavc-test\"");

    HttpResponse<Buffer> wrong = get("/calls", TOKEN + "x");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(get("/calls", TOKEN.substring(1)).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> basic =
        request(HttpMethod.GET, "/calls")
            .putHeader("Authorization", "Basic " + TOKEN)
            .send()
            .await();
    assertThat(basic.statusCode()).isEqualTo(401);

    HttpResponse<Buffer> good = get("/calls", TOKEN);
    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(good.bodyAsString()).isEqualTo("calls");
    assertThat(refused("token")).isEqualTo(4);
    assertThat(refused("host")).isZero();
  }

  @Test
  void aForeignHostIsRefusedEvenWithTheTokenAndOnOpenRoutes() {
    serve(options().setExtraHosts(List.of("voice1.example.net")));
    for (String host :
        List.of("evil.example", "evil.example:8081", "127.0.0.2", "localhost.evil")) {
      for (String path : List.of("/calls", "/ready", "/metrics")) {
        HttpResponse<Buffer> r =
            request(HttpMethod.GET, path)
                .putHeader("Host", host)
                .bearerTokenAuthentication(TOKEN)
                .send()
                .await();
        assertThat(r.statusCode()).as(host + path).isEqualTo(403);
      }
    }
    assertThat(refused("host")).isEqualTo(12);
    int port = server.actualPort();
    for (String host :
        List.of(
            "localhost",
            "LOCALHOST:" + port,
            "127.0.0.1:" + port,
            "[::1]:" + port,
            "[0:0:0:0:0:0:0:1]",
            "voice1.example.net:" + port)) {
      HttpResponse<Buffer> r =
          request(HttpMethod.GET, "/calls")
              .putHeader("Host", host)
              .bearerTokenAuthentication(TOKEN)
              .send()
              .await();
      assertThat(r.statusCode()).as(host).isEqualTo(200);
    }
  }

  @Test
  void theBoundAddressIsAnAllowedHostUnlessItIsAWildcard() {
    assertThat(new ApiGuardOptions().setBoundHost("10.1.2.3").allowedHosts())
        .containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "10.1.2.3");
    assertThat(new ApiGuardOptions().setBoundHost("0.0.0.0").allowedHosts())
        .containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(new ApiGuardOptions().setBoundHost("[::]").allowedHosts()).hasSize(3);
    assertThatThrownBy(() -> new ApiGuardOptions().setExtraHosts(List.of("http://x.example")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("API_ALLOWED_HOSTS");
  }

  @Test
  void aBodyOverTheLimitGets413AndIsCounted() {
    serve(options());
    HttpResponse<Buffer> small =
        request(HttpMethod.POST, "/echo")
            .bearerTokenAuthentication(TOKEN)
            .sendBuffer(Buffer.buffer(new byte[BODY_LIMIT]))
            .await();
    assertThat(small.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> big =
        request(HttpMethod.POST, "/echo")
            .bearerTokenAuthentication(TOKEN)
            .sendBuffer(Buffer.buffer(new byte[BODY_LIMIT + 1]))
            .await();
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.bodyAsString()).contains("too large");
    assertThat(refused("body")).isEqualTo(1);
  }

  @Test
  void readyAndMetricsAreOpenUnlessMetricsAuthIsOn() {
    serve(options());
    assertThat(get("/ready", null).statusCode()).isEqualTo(200);
    assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
    assertThat(request(HttpMethod.POST, "/ready").send().await().statusCode())
        .as("only GET is open")
        .isEqualTo(401);

    serve(options().setMetricsAuth(true));
    assertThat(get("/ready", null).statusCode()).isEqualTo(200);
    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("/metrics", TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void aGeneratedTokenIsKeptOwnerOnlyAndReusedAcrossRestarts() throws Exception {
    Path file = state.resolve("state").resolve("test.token");
    serve(options().setToken(null).setTokenFile(file));
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    String generated = Files.readString(file).trim();
    assertThat(generated).matches("[A-Za-z0-9_-]{43}");
    assertThat(ApiToken.read(file, "TEST_TOKEN").value()).isEqualTo(generated);
    assertThat(get("/calls", generated).statusCode()).isEqualTo(200);

    serve(options().setToken(null).setTokenFile(file)); // a restart
    assertThat(Files.readString(file).trim()).isEqualTo(generated);
    assertThat(get("/calls", generated).statusCode()).isEqualTo(200);
    assertThat(get("/calls", TOKEN).statusCode()).isEqualTo(401);
  }

  @Test
  void aTokenFileOthersCanReadOrNoWritableStateDirFailsTheStart() throws Exception {
    Path file = state.resolve("test.token");
    Files.writeString(file, TOKEN + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    ApiGuardOptions loose = options().setToken(null).setTokenFile(file);
    assertThatThrownBy(() -> ApiGuard.create(vertx, loose, meters).await())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("chmod 600 " + file);

    Path notADir = state.resolve("plain-file");
    Files.writeString(notADir, "");
    ApiGuardOptions unwritable =
        options().setToken(null).setTokenFile(notADir.resolve("test.token"));
    assertThatThrownBy(() -> ApiGuard.create(vertx, unwritable, meters).await())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(notADir.resolve("test.token").toString())
        .hasMessageContaining("STATE_DIR")
        .hasMessageContaining("TEST_TOKEN");
  }

  @Test
  void aShortOrSpacedConfiguredTokenIsRefusedByName() {
    assertThatThrownBy(() -> ApiToken.of("short", "MANAGEMENT_TOKEN"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MANAGEMENT_TOKEN");
    assertThatThrownBy(() -> ApiToken.of("a token with spaces in it", "MANAGEMENT_TOKEN"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MANAGEMENT_TOKEN");
    assertThat(ApiToken.of(TOKEN, "X").toString()).doesNotContain(TOKEN);
  }
}
