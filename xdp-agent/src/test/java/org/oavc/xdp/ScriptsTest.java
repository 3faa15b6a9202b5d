package org.oavc.xdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator scripts against a veth pair in namespaces: with bpftool alone, then with the agent.
 */
class ScriptsTest {
  private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
  @TempDir Path tmp;
  private VethPair veth;
  private final Path pinDir =
      Path.of("/sys/fs/bpf/oavc-scripttest-" + ProcessHandle.current().pid());
  private String api = "http://127.0.0.1:1"; // nothing listens: bpftool path
  private String token = ""; // empty: the scripts read STATE_DIR/xdp-agent.token

  record Result(int exit, String out) {}

  private Result run(String script, String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(List.of("bash", SCRIPTS.resolve(script).toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("XDP_PIN_DIR", pinDir.toString());
    env.put("XDP_API", api);
    env.put("XDP_AGENT_TOKEN", token);
    env.put("STATE_DIR", tmp.resolve("state").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }

  private long stat(String reason) throws Exception {
    Result r = run("read_xdp_stats.sh", "--json");
    assertThat(r.exit()).as(r.out()).isZero();
    return new JsonObject(r.out()).getJsonObject(reason).getLong("packets");
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (veth != null) {
      veth.close();
    }
    if (Files.exists(pinDir)) {
      new ProcessBuilder("rm", "-rf", pinDir.toString()).start().waitFor();
    }
  }

  @Test
  void deployBlockStatsUndeploy() throws Exception {
    assumeTrue(XdpAssumptions.root(), "script test needs root; skipped");
    XdpAssumptions.loadable();
    for (String tool : new String[] {"bpftool", "python3", "nsenter", "curl"}) {
      assumeTrue(
          new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0,
          tool + " not installed; skipped");
    }
    veth = new VethPair();
    assertThat(run("deploy.sh").exit()).isEqualTo(2);
    assertThat(run("deploy.sh", veth.ifB, "--mode", "turbo").out()).contains("usage:");
    Result d = run("deploy.sh", veth.ifB, "--netns", veth.nsB);
    assertThat(d.exit()).as(d.out()).isZero();
    assertThat(d.out()).contains("native (driver) mode");
    d = run("deploy.sh", veth.ifB, "--netns", veth.nsB, "--mode", "generic");
    assertThat(d.exit()).as(d.out()).isZero();
    assertThat(d.out()).contains("reusing").contains("GENERIC (skb) mode");

    Result b = run("block_ip.sh", veth.v4A, "600");
    assertThat(b.exit()).as(b.out()).isZero();
    assertThat(b.out()).contains("not persisted");
    assertThat(run("block_ip.sh", "300.1.1.1").exit()).isEqualTo(1);
    assertThat(run("block_ip.sh").out()).contains("usage:");
    Result all = run("allow_ip.sh", "0.0.0.0/0");
    assertThat(all.exit()).as("a /0 without XDP_CONFIRM_ALL").isEqualTo(1);
    assertThat(all.out()).contains("every IPv4 address").contains("XDP_CONFIRM_ALL");
    Path list = tmp.resolve("list.txt");
    Files.writeString(list, "# feed\n203.0.113.0/24\nfd42:9::/64\n");
    assertThat(run("block_ips_from_file.sh", list.toString()).exit()).isZero();

    try (DatagramSocket sender = veth.socketIn(veth.nsA, new InetSocketAddress(veth.v4A, 0))) {
      byte[] msg = "INVITE sip:bob@example.com SIP/2.0\r\n\r\n".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 20; i++) {
        sender.send(new DatagramPacket(msg, msg.length, InetAddress.getByName(veth.v4B), 5060));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> stat("drop_blocklist") == 20);
      assertThat(run("unblock_ip.sh", veth.v4A).exit()).isZero();
      assertThat(run("unblock_ip.sh", veth.v4A).exit()).as("idempotent").isZero();
      for (int i = 0; i < 20; i++) {
        sender.send(new DatagramPacket(msg, msg.length, InetAddress.getByName(veth.v4B), 5060));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> stat("pass_sip") == 20);
    }
    assertThat(run("read_xdp_stats.sh").out()).contains("drop_blocklist").contains("total dropped");

    // the agent adopts the pins and the entries the scripts made; scripts now go through it
    Vertx vertx = Vertx.vertx();
    XdpAgent agent =
        XdpAgent.create(
            vertx,
            new XdpAgentOptions()
                .setApiTokenFile(tmp.resolve("state").resolve("xdp-agent.token"))
                .setAdoptPinned(true)
                .setPinDir(pinDir)
                .setStateFile(tmp.resolve("state.json"))
                .setHttpPort(0)
                .setSweepIntervalMs(200));
    try {
      agent.start().await();
      api = "http://127.0.0.1:" + agent.httpPort();
      String generated = Files.readString(tmp.resolve("state").resolve("xdp-agent.token")).trim();
      try (AgentHttp http = new AgentHttp(vertx, agent.httpPort(), generated)) {
        token = "not-the-agent-token-0123456789";
        Result refused = run("block_ip.sh", "192.0.2.77");
        assertThat(refused.exit()).as(refused.out()).isEqualTo(1);
        assertThat(refused.out()).contains("refused the token").doesNotContain("not persisted");
        token = "";
        assertThat(http.get("/blocklist").getInteger("count")).isEqualTo(2);
        Result viaAgent = run("allow_ip.sh", "192.0.2.0/24", "60");
        assertThat(viaAgent.exit()).as(viaAgent.out()).isZero();
        assertThat(viaAgent.out()).doesNotContain("not persisted");
        assertThat(
                http.get("/allowlist").getJsonArray("entries").getJsonObject(0).getString("cidr"))
            .isEqualTo("192.0.2.0/24");
        Result every = run("block_ip.sh", "::/0");
        assertThat(every.exit()).as("the agent refuses a /0 too").isEqualTo(1);
        assertThat(http.get("/blocklist").getInteger("count")).isEqualTo(2);
        // a program reload empties the maps; the agent notices and restores its lists
        Result reload = run("deploy.sh", veth.ifB, "--netns", veth.nsB, "--reload");
        assertThat(reload.exit()).as(reload.out()).isZero();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> {
                  try (org.oavc.xdp.bpf.ProgramProbe probe =
                      org.oavc.xdp.bpf.ProgramProbe.pinned(pinDir)) {
                    return probe.maps().list(org.oavc.xdp.bpf.FilterMaps.ListKind.BLOCK).size() == 2
                        && probe.maps().list(org.oavc.xdp.bpf.FilterMaps.ListKind.ALLOW).size()
                            == 1;
                  }
                });
      }
    } finally {
      agent.close().await();
      vertx.close().await();
    }
    assertThat(pinDir).as("an adopting agent leaves the pins alone").exists();

    Result u = run("undeploy.sh", veth.ifB, "--netns", veth.nsB);
    assertThat(u.exit()).as(u.out()).isZero();
    assertThat(pinDir).doesNotExist();
    assertThat(run("undeploy.sh", veth.ifB, "--netns", veth.nsB).exit()).as("idempotent").isZero();
  }
}
