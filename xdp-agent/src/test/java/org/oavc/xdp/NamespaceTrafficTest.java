package org.oavc.xdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.xdp.bpf.AttachMode;

/**
 * Live traffic: a veth pair between two namespaces, the agent attaching the filter to the receiving
 * end, real UDP sockets on both sides.
 */
class NamespaceTrafficTest {
  private static final int N = 40;
  @TempDir Path tmp;
  private VethPair veth;
  private Vertx vertx;
  private XdpAgent agent;
  private AgentHttp http;
  private DatagramSocket sink;
  private DatagramSocket sink6;
  private DatagramSocket sender;
  private DatagramSocket sender6;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final Path pinDir = Path.of("/sys/fs/bpf/oavc-nstest-" + ProcessHandle.current().pid());

  @AfterEach
  void cleanUp() throws Exception {
    for (DatagramSocket s : new DatagramSocket[] {sink, sink6, sender, sender6}) {
      if (s != null) {
        s.close();
      }
    }
    if (agent != null) {
      http.close();
      agent.close().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (veth != null) {
      veth.close();
    }
    assertThat(pinDir).doesNotExist();
  }

  private void startAgent() {
    agent =
        XdpAgent.create(
            vertx,
            AgentHttp.options()
                .setInterfaceName(veth.ifB)
                .setNetns(veth.nsPath(veth.nsB))
                .setAttachMode(AttachMode.NATIVE)
                .setPinDir(pinDir)
                .setStateFile(tmp.resolve("state.json"))
                .setHttpPort(0));
    agent.start().await();
    http = new AgentHttp(vertx, agent.httpPort());
  }

  private void receiveLoop(DatagramSocket s) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[2048];
              while (!s.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                  s.receive(p);
                  received.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                } catch (SocketTimeoutException e) {
                  // poll again
                } catch (java.io.IOException e) {
                  return;
                }
              }
            },
            "sink");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Sends n requests tagged {@code tag}, then a marker that must arrive (proves the rest was
   * handled).
   */
  private long send(DatagramSocket from, String to, String method, String tag) throws Exception {
    InetAddress dst = InetAddress.getByName(to);
    for (int i = 0; i < N; i++) {
      byte[] b =
          (method + " sip:bob@" + to.replace(":", "-") + " SIP/2.0\r\nX-Tag: " + tag + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8);
      from.send(new DatagramPacket(b, b.length, dst, 5060));
    }
    return received.stream().filter(m -> m.contains("X-Tag: " + tag + "\r")).count();
  }

  private long count(String tag) {
    return received.stream().filter(m -> m.contains("X-Tag: " + tag + "\r")).count();
  }

  private long stat(String reason) {
    return http.get("/stats").getJsonObject("reasons").getJsonObject(reason).getLong("packets");
  }

  @Test
  void apiChangesApplyToLiveTrafficAndSurviveRestart() throws Exception {
    assumeTrue(XdpAssumptions.root(), "namespace test needs root; skipped");
    XdpAssumptions.loadable();
    assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "iproute2 (ip) not installed; skipped");
    veth = new VethPair();
    vertx = Vertx.vertx();
    startAgent();
    assertThat(agent.attachment().mode())
        .as(agent.attachment().note())
        .isEqualTo(AttachMode.NATIVE);

    sink = veth.socketIn(veth.nsB, new InetSocketAddress(veth.v4B, 5060));
    sink6 = veth.socketIn(veth.nsB, new InetSocketAddress(veth.v6B, 5060));
    sender = veth.socketIn(veth.nsA, new InetSocketAddress(veth.v4A, 0));
    sender6 = veth.socketIn(veth.nsA, new InetSocketAddress(veth.v6A, 0));
    for (DatagramSocket s : new DatagramSocket[] {sink, sink6}) {
      s.setSoTimeout(200);
      receiveLoop(s);
    }

    send(sender, veth.v4B, "INVITE", "v4-open");
    send(sender6, veth.v6B, "INVITE", "v6-open");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> count("v4-open") == N && count("v6-open") == N);
    assertThat(stat("pass_sip")).isGreaterThanOrEqualTo(2L * N);

    // block both sources through the API: nothing more reaches the socket
    http.call(HttpMethod.POST, "/blocklist", new JsonObject().put("cidr", veth.v4A));
    http.call(HttpMethod.POST, "/blocklist", new JsonObject().put("cidr", "fd42:7::/64"));
    send(sender, veth.v4B, "INVITE", "v4-blocked");
    send(sender6, veth.v6B, "INVITE", "v6-blocked");
    await().atMost(Duration.ofSeconds(10)).until(() -> stat("drop_blocklist") >= 2L * N);

    // restart the agent: it detaches, reloads, reattaches and restores the lists
    http.close();
    agent.close().await();
    agent = null;
    startAgent();
    assertThat(http.get("/blocklist").getInteger("count")).isEqualTo(2);
    send(sender, veth.v4B, "INVITE", "v4-after-restart");
    await().atMost(Duration.ofSeconds(10)).until(() -> stat("drop_blocklist") >= N);

    // unblock v4, turn OPTIONS stealth on: INVITE passes, OPTIONS does not
    http.call(HttpMethod.DELETE, "/blocklist?cidr=" + veth.v4A, null);
    http.call(HttpMethod.PUT, "/config", new JsonObject().put("optionsStealth", true));
    send(sender, veth.v4B, "OPTIONS", "v4-options");
    send(sender, veth.v4B, "INVITE", "v4-unblocked");
    await().atMost(Duration.ofSeconds(10)).until(() -> count("v4-unblocked") == N);
    assertThat(stat("drop_options")).isEqualTo(N);
    assertThat(count("v4-blocked")).isZero();
    assertThat(count("v6-blocked")).isZero();
    assertThat(count("v4-after-restart")).isZero();
    assertThat(count("v4-options")).isZero();
  }
}
