package org.oavc.connector.e2e;

import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import org.oavc.connector.testdouble.SippOptions;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.SippRunner;

/** SIPp as the called party of calls the daemon places, on a free loopback port of its own. */
record SippCallee(String uri, Future<SippResult> run) {

  /**
   * Starts {@code scenario} for {@code calls} calls; {@code echo}: SIPp returns our RTP (else it
   * sends what the scenario plays, if anything). Returns once SIPp listens.
   */
  static SippCallee start(
      String scenario, int calls, boolean echo, Duration timeout, String... extraArgs)
      throws Exception {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    SippOptions o =
        new SippOptions()
            .setScenario(scenario)
            .setTarget(new java.net.InetSocketAddress("127.0.0.1", 9)) // a UAS sends no request
            .setCalls(calls)
            .setTimeout(timeout)
            .addExtraArgs("-p", Integer.toString(port));
    if (echo) {
      o.addExtraArgs("-rtp_echo");
    }
    o.addExtraArgs("-mp", Integer.toString(MediaE2eTest.freeMediaPort()));
    o.addExtraArgs(extraArgs);
    Future<SippResult> run = SippRunner.run(o);
    await("SIPp listening on " + port)
        .atMost(Duration.ofSeconds(10))
        .until(() -> bound(port) || run.isComplete());
    return new SippCallee("sip:callee@127.0.0.1:" + port, run);
  }

  /** True when the UDP port is taken (by SIPp). */
  private static boolean bound(int port) {
    try (DatagramSocket s = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
      return false;
    } catch (java.net.SocketException taken) {
      return true;
    }
  }

  SippResult result() throws Exception {
    return SippCalls.await(run);
  }
}
