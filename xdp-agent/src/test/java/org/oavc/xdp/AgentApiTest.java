package org.oavc.xdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.xdp.bpf.FilterMaps;
import org.oavc.xdp.bpf.ProgramProbe;
import org.oavc.xdp.bpf.Reason;

/** The HTTP API, persistence and the E_PIKE_BLOCKED feed on a loaded (unattached) program. */
class AgentApiTest {
  private static final int IMPORT_LIMIT = 2 * 1024 * 1024;
  @TempDir Path tmp;
  private Vertx vertx;
  private XdpAgent agent;
  private AgentHttp http;
  private Path pinDir;
  private int pikePort;

  @BeforeEach
  void start() throws Exception {
    XdpAssumptions.loadable();
    vertx = Vertx.vertx();
    pinDir = Path.of("/sys/fs/bpf/oavc-test-" + UUID.randomUUID().toString().substring(0, 8));
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      pikePort = probe.getLocalPort();
    }
    startAgent();
  }

  private void startAgent() {
    agent =
        XdpAgent.create(
            vertx,
            AgentHttp.options()
                .setPinDir(pinDir)
                .setStateFile(tmp.resolve("state.json"))
                .setHttpPort(0)
                .setPikeEventPort(pikePort)
                .setPikeBlockSeconds(120)
                .setSweepIntervalMs(200)
                .setImportLimitBytes(IMPORT_LIMIT));
    agent.start().await();
    http = new AgentHttp(vertx, agent.httpPort());
  }

  private void stopAgent() {
    http.close();
    agent.close().await();
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      stopAgent();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (pinDir != null) { // null when the test was skipped
      assertThat(pinDir).as("agent removed its pins").doesNotExist();
    }
  }

  private Reason verdict(String src, String payload) {
    try (ProgramProbe probe = ProgramProbe.pinned(pinDir)) {
      return probe.verdict(src, payload);
    }
  }

  private static final String INVITE = "INVITE sip:bob@example.com SIP/2.0\r\n\r\n";

  @Test
  void blocklistAddListRemoveTakesEffect() {
    assertThat(verdict("198.51.100.7", INVITE)).isEqualTo(Reason.PASS_SIP);
    var r =
        http.call(
            HttpMethod.POST,
            "/blocklist",
            new JsonObject().put("cidr", "198.51.100.7").put("ttl", 60));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    http.call(
        HttpMethod.POST,
        "/blocklist",
        new JsonObject().put("cidrs", new JsonArray().add("2001:db8:1::/48")));
    JsonObject list = http.get("/blocklist");
    assertThat(list.getInteger("count")).isEqualTo(2);
    JsonObject host = list.getJsonArray("entries").getJsonObject(0);
    assertThat(host.getString("cidr")).isEqualTo("198.51.100.7");
    assertThat(host.getLong("ttl")).isBetween(1L, 60L);
    assertThat(verdict("198.51.100.7", INVITE)).isEqualTo(Reason.DROP_BLOCKLIST);
    assertThat(verdict("2001:db8:1:2::3", INVITE)).isEqualTo(Reason.DROP_BLOCKLIST);

    r = http.call(HttpMethod.DELETE, "/blocklist?cidr=198.51.100.7", null);
    assertThat(r.bodyAsJsonObject().getBoolean("removed")).isTrue();
    assertThat(verdict("198.51.100.7", INVITE)).isEqualTo(Reason.PASS_SIP);
    r = http.call(HttpMethod.DELETE, "/blocklist?cidr=198.51.100.7", null);
    assertThat(r.bodyAsJsonObject().getBoolean("removed")).isFalse();

    JsonObject stats = http.get("/stats");
    assertThat(stats.getJsonObject("reasons").getJsonObject("drop_blocklist").getLong("packets"))
        .isEqualTo(2);
    assertThat(http.call(HttpMethod.GET, "/metrics", null).bodyAsString())
        .contains("oavc_xdp_packets_total{reason=\"drop_blocklist\"} 2.0");
  }

  @Test
  void badInputIsRejectedAndLeavesTheMapsAlone() {
    http.call(HttpMethod.POST, "/blocklist", new JsonObject().put("cidr", "192.0.2.1"));
    for (JsonObject bad :
        new JsonObject[] {
          new JsonObject().put("cidr", "300.1.1.1"),
          new JsonObject().put("cidr", "192.0.2.0/33"),
          new JsonObject().put("cidr", "example.com"),
          new JsonObject().put("cidr", "192.0.2.9").put("ttl", -5),
          new JsonObject().put("cidr", "192.0.2.9").put("ttl", "soon"),
          new JsonObject()
        }) {
      var r = http.call(HttpMethod.POST, "/blocklist", bad);
      assertThat(r.statusCode()).as("%s", bad).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("error")).isNotBlank();
    }
    assertThat(http.call(HttpMethod.POST, "/allowlist", "not json").statusCode()).isEqualTo(400);
    assertThat(http.call(HttpMethod.DELETE, "/blocklist?cidr=nonsense", null).statusCode())
        .isEqualTo(400);
    assertThat(
            http.call(
                    HttpMethod.PUT,
                    "/config",
                    new JsonObject().put("ports", new JsonArray().add(70000)))
                .statusCode())
        .isEqualTo(400);
    assertThat(http.call(HttpMethod.PUT, "/config", new JsonObject().put("bogus", 1)).statusCode())
        .isEqualTo(400);
    assertThat(
            http.call(HttpMethod.PUT, "/config", new JsonObject().put("ratePps", "x")).statusCode())
        .isEqualTo(400);
    assertThat(http.get("/blocklist").getInteger("count")).isEqualTo(1);
    try (ProgramProbe probe = ProgramProbe.pinned(pinDir)) {
      assertThat(probe.maps().list(FilterMaps.ListKind.BLOCK)).hasSize(1);
      assertThat(probe.maps().readConfig().ports()).containsExactly(5060);
    }
  }

  @Test
  void mapFullIsA400AndNothingIsAdded() {
    StringBuilder file = new StringBuilder("# more /24 prefixes than the LPM trie holds\n");
    for (int i = 0; i < 66_000; i++) {
      file.append(10 + (i >> 16))
          .append('.')
          .append((i >> 8) & 255)
          .append('.')
          .append(i & 255)
          .append(".0/24\n");
    }
    var r = http.call(HttpMethod.POST, "/blocklist/import", file);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).contains("map full");
    try (ProgramProbe probe = ProgramProbe.pinned(pinDir)) {
      assertThat(probe.maps().list(FilterMaps.ListKind.BLOCK)).isEmpty();
    }
    assertThat(http.get("/blocklist").getInteger("count")).isZero();
  }

  @Test
  void importFileAllOrNothing() {
    var r =
        http.call(
            HttpMethod.POST,
            "/blocklist/import?ttl=600",
            "# feed\n198.51.100.1\n\n203.0.113.0/24 # net\n2001:db8::5\n");
    assertThat(r.bodyAsJsonObject().getInteger("imported")).isEqualTo(3);
    r = http.call(HttpMethod.POST, "/blocklist/import", "198.51.100.2\nnot-an-ip\n");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).contains("line 2");
    assertThat(http.get("/blocklist").getInteger("count")).isEqualTo(3);
    assertThat(verdict("203.0.113.77", INVITE)).isEqualTo(Reason.DROP_BLOCKLIST);
  }

  @Test
  void configChangesTakeEffect() {
    String options = "OPTIONS sip:100@192.0.2.1 SIP/2.0\r\n\r\n";
    assertThat(verdict("198.51.100.9", options)).isEqualTo(Reason.PASS_SIP);
    var r = http.call(HttpMethod.PUT, "/config", new JsonObject().put("optionsStealth", true));
    assertThat(r.bodyAsJsonObject().getBoolean("optionsStealth")).isTrue();
    assertThat(r.bodyAsJsonObject().getJsonArray("ports")).containsExactly(5060);
    assertThat(verdict("198.51.100.9", options)).isEqualTo(Reason.DROP_OPTIONS);
    http.call(HttpMethod.POST, "/allowlist", new JsonObject().put("cidr", "198.51.100.0/24"));
    assertThat(verdict("198.51.100.9", options)).isEqualTo(Reason.PASS_ALLOWLIST);
  }

  @Test
  void expiredEntriesDisappear() {
    http.call(
        HttpMethod.POST,
        "/blocklist",
        new JsonObject().put("cidr", "198.51.100.0/25").put("ttl", 1));
    assertThat(verdict("198.51.100.3", INVITE)).isEqualTo(Reason.DROP_BLOCKLIST);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> http.get("/blocklist").getInteger("count") == 0);
    try (ProgramProbe probe = ProgramProbe.pinned(pinDir)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> probe.maps().list(FilterMaps.ListKind.BLOCK).isEmpty());
    }
    assertThat(verdict("198.51.100.3", INVITE)).isEqualTo(Reason.PASS_SIP);
  }

  @Test
  void restartRestoresListsAndConfig() {
    http.call(
        HttpMethod.POST,
        "/blocklist",
        new JsonObject().put("cidr", "198.51.100.0/24").put("ttl", 3600));
    http.call(HttpMethod.POST, "/allowlist", new JsonObject().put("cidr", "2001:db8::77"));
    http.call(HttpMethod.PUT, "/config", new JsonObject().put("rateLimit", true).put("ratePps", 7));
    stopAgent();
    assertThat(pinDir).doesNotExist();
    startAgent();
    JsonObject block = http.get("/blocklist").getJsonArray("entries").getJsonObject(0);
    assertThat(block.getString("cidr")).isEqualTo("198.51.100.0/24");
    assertThat(block.getLong("ttl")).isBetween(3500L, 3600L);
    assertThat(http.get("/allowlist").getJsonArray("entries").getJsonObject(0).getString("cidr"))
        .isEqualTo("2001:db8::77");
    assertThat(http.get("/config").getInteger("ratePps")).isEqualTo(7);
    assertThat(verdict("198.51.100.1", INVITE)).isEqualTo(Reason.DROP_BLOCKLIST);
  }

  @Test
  void pikeBlockedEventsBlockTheSource() throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      for (String payload :
          new String[] {
            "garbage",
            "{\"jsonrpc\":\"2.0\",\"method\":\"E_UA_SESSION\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"E_PIKE_BLOCKED\",\"params\":{\"ip\":\"no.such\"}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"E_PIKE_BLOCKED\",\"params\":{\"ip\":\"203.0.113.9\"}}"
          }) {
        byte[] b = payload.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), pikePort));
      }
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> http.get("/blocklist").getInteger("count") == 1);
    JsonObject e = http.get("/blocklist").getJsonArray("entries").getJsonObject(0);
    assertThat(e.getString("cidr")).isEqualTo("203.0.113.9");
    assertThat(e.getLong("ttl")).isBetween(100L, 120L);
    assertThat(verdict("203.0.113.9", INVITE)).isEqualTo(Reason.DROP_BLOCKLIST);
    String metrics = http.call(HttpMethod.GET, "/metrics", null).bodyAsString();
    assertThat(metrics)
        .contains("oavc_xdp_pike_events_total{result=\"malformed\"} 3.0")
        .contains("oavc_xdp_pike_events_total{result=\"accepted\"} 1.0");
  }

  @Test
  void everyAddressNeedsTheRequestToSaySo() {
    for (String list : new String[] {"/blocklist", "/allowlist"}) {
      for (String all : new String[] {"0.0.0.0/0", "::/0", "::ffff:0.0.0.0/96"}) {
        var r = http.call(HttpMethod.POST, list, new JsonObject().put("cidr", all));
        assertThat(r.statusCode()).as("%s %s", list, all).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error"))
            .contains("every")
            .contains("confirmAll");
        r = http.call(HttpMethod.POST, list + "/import", "198.51.100.1\n" + all + "\n");
        assertThat(r.statusCode()).as("import %s %s", list, all).isEqualTo(400);
      }
      assertThat(http.get(list).getInteger("count")).as("nothing added to %s", list).isZero();
    }
    assertThat(verdict("198.51.100.1", INVITE)).isEqualTo(Reason.PASS_SIP);
    var r =
        http.call(
            HttpMethod.POST,
            "/blocklist",
            new JsonObject().put("cidr", "::/0").put("confirmAll", true));
    assertThat(r.statusCode()).isEqualTo(200);
    r = http.call(HttpMethod.POST, "/blocklist/import?confirmAll=true", "0.0.0.0/0\n");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(verdict("198.51.100.1", INVITE)).isEqualTo(Reason.DROP_BLOCKLIST);
    assertThat(verdict("2001:db8::1", INVITE)).isEqualTo(Reason.DROP_BLOCKLIST);
  }

  @Test
  void bodiesAreCappedAndUploadsNeverReachTheDisk() {
    StringBuilder big = new StringBuilder();
    for (int i = 0; big.length() <= IMPORT_LIMIT; i++) {
      big.append(10 + (i >> 16))
          .append('.')
          .append((i >> 8) & 255)
          .append('.')
          .append(i & 255)
          .append('\n');
    }
    var r = http.call(HttpMethod.POST, "/blocklist/import", big.toString());
    assertThat(r.statusCode()).as("import over the limit").isEqualTo(413);
    StringBuilder many = new StringBuilder("{\"cidrs\": [\"2001:db8::/48\"");
    while (many.length() <= 1024 * 1024) {
      many.append(", \"2001:db8::/48\"");
    }
    r = http.call(HttpMethod.POST, "/blocklist", many.append("]}").toString());
    assertThat(r.statusCode()).as("JSON body over the limit").isEqualTo(413);
    assertThat(http.get("/blocklist").getInteger("count")).isZero();

    Path uploads = Path.of(io.vertx.ext.web.handler.BodyHandler.DEFAULT_UPLOADS_DIRECTORY);
    assertThat(uploads).as("no uploads directory before").doesNotExist();
    io.vertx.ext.web.multipart.MultipartForm form =
        io.vertx.ext.web.multipart.MultipartForm.create()
            .binaryFileUpload(
                "file",
                "list.txt",
                io.vertx.core.buffer.Buffer.buffer("203.0.113.7\n"),
                "text/plain");
    var upload =
        io.vertx.ext.web.client.WebClient.create(vertx)
            .post(agent.httpPort(), "127.0.0.1", "/blocklist/import")
            .bearerTokenAuthentication(AgentHttp.TOKEN)
            .sendMultipartForm(form)
            .await();
    assertThat(upload.statusCode()).as("a multipart body is no list").isEqualTo(415);
    assertThat(uploads).as("the upload was not stored").doesNotExist();
    assertThat(http.get("/blocklist").getInteger("count")).isZero();
  }

  @Test
  void pikeEventsOnlyFromOpenSipsAndOnlyForHosts() throws Exception {
    try (DatagramSocket other = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
      byte[] b =
          "{\"jsonrpc\":\"2.0\",\"method\":\"E_PIKE_BLOCKED\",\"params\":{\"ip\":\"203.0.113.9\"}}"
              .getBytes(StandardCharsets.UTF_8);
      other.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), pikePort));
    }
    try (DatagramSocket s = new DatagramSocket()) {
      for (String ip : new String[] {"0.0.0.0/0", "203.0.113.0/24", "::/0", "198.51.100.5"}) {
        byte[] b =
            ("{\"jsonrpc\":\"2.0\",\"method\":\"E_PIKE_BLOCKED\",\"params\":{\"ip\":\""
                    + ip
                    + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), pikePort));
      }
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> http.get("/blocklist").getInteger("count") == 1);
    assertThat(http.get("/blocklist").getJsonArray("entries").getJsonObject(0).getString("cidr"))
        .isEqualTo("198.51.100.5");
    String metrics = http.call(HttpMethod.GET, "/metrics", null).bodyAsString();
    assertThat(metrics)
        .contains("oavc_xdp_pike_events_total{result=\"source\"} 1.0")
        .contains("oavc_xdp_pike_events_total{result=\"not_host\"} 3.0")
        .contains("oavc_xdp_pike_events_total{result=\"accepted\"} 1.0");
    assertThat(verdict("203.0.113.9", INVITE))
        .as("the forged event blocked nobody")
        .isEqualTo(Reason.PASS_SIP);
  }
}
