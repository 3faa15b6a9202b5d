package org.oavc.xdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent subscribes E_PIKE_BLOCKED through mi_datagram, as the connector does for its events.
 */
class PikeSubscribeTest {
  @TempDir Path tmp;

  @Test
  void subscribesItsFeedSocketOverMi() throws Exception {
    XdpAssumptions.loadable();
    Vertx vertx = Vertx.vertx();
    try (DatagramSocket mi = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int feedPort = probe.getLocalPort();
      probe.close();
      mi.setSoTimeout(10_000);
      XdpAgent agent =
          XdpAgent.create(
              vertx,
              AgentHttp.options()
                  .setPinDir(Path.of("/sys/fs/bpf/oavc-piketest-" + ProcessHandle.current().pid()))
                  .setStateFile(tmp.resolve("state.json"))
                  .setHttpPort(0)
                  .setPikeEventPort(feedPort)
                  .setMiPort(mi.getLocalPort()));
      agent.start().await();
      try {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        mi.receive(p);
        JsonObject req =
            new JsonObject(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
        assertThat(req.getString("jsonrpc")).isEqualTo("2.0");
        assertThat(req.getString("method")).isEqualTo("event_subscribe");
        assertThat(req.getString("id")).isNotBlank();
        JsonObject params = req.getJsonObject("params");
        assertThat(params.getString("event")).isEqualTo("E_PIKE_BLOCKED");
        assertThat(params.getString("socket")).isEqualTo("udp:127.0.0.1:" + feedPort);
        assertThat(params.getInteger("expire")).isPositive();
        // OpenSIPS answers to the request's source; an error reply is logged, not fatal
        byte[] reply =
            ("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":400,\"message\":\"Bad parameter value\"},\"id\":\""
                    + req.getString("id")
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        mi.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
        try (AgentHttp http = new AgentHttp(vertx, agent.httpPort())) {
          assertThat(http.get("/config").getJsonArray("ports"))
              .as("agent still serving")
              .containsExactly(5060);
        }
      } finally {
        agent.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }
}
