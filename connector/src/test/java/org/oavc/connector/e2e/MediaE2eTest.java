package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.connector.testdouble.SippOptions;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.SippRunner;

/**
 * RTP both ways on a real call: SIPp calls through OpenSIPS (double or real), the daemon answers,
 * our session starts sending at once to the SDP address, SIPp's {@code -rtp_echo} returns every
 * packet, and the session counts packets in and out before the caller hangs up.
 */
class MediaE2eTest extends SippE2eTestBase {

  /** A port for SIPp's echo whose neighbours (SIPp also opens +2 for video) are free now. */
  private static int freeMediaPort() throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort() & ~3;
      }
      try (DatagramSocket a = new DatagramSocket(port, InetAddress.getLoopbackAddress());
          DatagramSocket b = new DatagramSocket(port + 2, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (java.net.SocketException taken) {
        // another one
      }
    }
    throw new IllegalStateException("no free media port");
  }

  @Test
  void sessionSendsFromTheAnswerOnAndReceivesTheEcho() throws Exception {
    startConnector(Map.of());
    SippOptions o = new SippOptions().setScenario("uac-answer-bye.xml").setTarget(target.sipAddress())
        .setTimeout(Duration.ofSeconds(40)).setPause(Duration.ofSeconds(3))
        .addExtraArgs("-rtp_echo", "-mp", Integer.toString(freeMediaPort()));
    SippResult r = SippCalls.await(SippRunner.run(o));
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();

    // 3 s at 50 packets/s each way; generous floors since the call's start and end are not exact.
    double out = connector.counter("oavc.media.rtp.packets", "direction", "out");
    double in = connector.counter("oavc.media.rtp.packets", "direction", "in");
    assertThat(out).isGreaterThan(50);
    assertThat(in).isGreaterThan(50).isLessThanOrEqualTo(out);
    connector.awaitNoPortInUse();
  }
}
