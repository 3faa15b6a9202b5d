package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The browser phone's HTTP side on the running daemon (issue 21): the bundled page and its config
 * need no token, nothing else opens with them, and the transcript feed serves only live calls.
 */
class PhonePageE2eTest extends SippE2eTestBase {
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

  private HttpResponse<Buffer> get(String path) {
    return client
        .request(HttpMethod.GET, connector.daemon.httpPort(), "127.0.0.1", path)
        .followRedirects(false)
        .send()
        .await();
  }

  @Test
  void thePageItsScriptAndConfigAreServedWithoutAToken() throws Exception {
    startConnector(
        Map.of(
            "PHONE_SIP_WS_URL", "wss://sip.example.net:7443",
            "PHONE_TARGET", "sip:helpdesk@sip.example.net",
            "PHONE_ICE_SERVERS", "stun:stun.example.net:3478"));
    HttpResponse<Buffer> page = get("/phone/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("content-type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("<script src=\"phone.js\"></script>");
    assertThat(page.getHeader("content-security-policy"))
        .contains("connect-src 'self' wss://sip.example.net:7443")
        .contains("frame-ancestors 'none'");
    assertThat(get("/phone").getHeader("location")).isEqualTo("/phone/");

    HttpResponse<Buffer> script = get("/phone/phone.js");
    assertThat(script.statusCode()).isEqualTo(200);
    // JsSIP bundled by the build, not fetched from a CDN: its user agent string is in the bundle.
    assertThat(script.bodyAsString()).contains("JsSIP").doesNotContain("https://cdn");
    assertThat(get("/phone/phone.css").statusCode()).isEqualTo(200);

    JsonObject config = get("/phone/config").bodyAsJsonObject();
    assertThat(config.getString("sipWsUrl")).isEqualTo("wss://sip.example.net:7443");
    assertThat(config.getString("target")).isEqualTo("sip:helpdesk@sip.example.net");
    assertThat(config.getString("domain")).isEqualTo("sip.example.net");
    assertThat(config.getJsonArray("iceServers").getJsonObject(0).getString("urls"))
        .isEqualTo("stun:stun.example.net:3478");
  }

  @Test
  void theOpenPhonePathsOpenNothingElse() throws Exception {
    startConnector(Map.of());
    assertThat(get("/calls").statusCode()).isEqualTo(401);
    assertThat(get("/phone/../calls").statusCode()).isEqualTo(401);
    assertThat(get("/phonebook").statusCode()).isEqualTo(401);
    assertThat(get("/phone/missing.js").statusCode()).isEqualTo(404);
    assertThat(
            client
                .request(HttpMethod.POST, connector.daemon.httpPort(), "127.0.0.1", "/phone/config")
                .send()
                .await()
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void aTranscriptFeedNeedsTheCallIdOfALiveCall() throws Exception {
    startConnector(Map.of());
    assertThat(get("/phone/transcript").statusCode()).isEqualTo(404);
    assertThat(get("/phone/transcript?call_id=no-such-call").statusCode()).isEqualTo(404);
    assertThat(connector.counter("oavc_phone_feeds_refused_total", "reason", "unknown_call"))
        .isEqualTo(2);
  }

  @Test
  void aDisabledPhoneIsNotThere() throws Exception {
    startConnector(Map.of("PHONE_ENABLED", "false"));
    assertThat(get("/phone/").statusCode()).isEqualTo(401);
    assertThat(get("/phone/config").statusCode()).isEqualTo(401);
  }
}
