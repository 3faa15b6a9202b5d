package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.media.rtp.RtpPacket;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.SippRunner;

/**
 * "RTP bleed" against the daemon: an attacker on another host (127.0.0.2) sprays a steady RTP
 * stream at every port of the RTP range from before the call until after it, as one would who wants
 * to capture the next call. SIPp calls through OpenSIPS (double or real) and echoes our stream from
 * the address in its SDP. The call's media stays with SIPp; the attacker hears none of it and each
 * of its packets is counted.
 */
class RtpBleedE2eTest extends SippE2eTestBase {

  /** Sends one PCMU packet per port and 20 ms, a stream per port; counts what comes back. */
  private static final class Sprayer implements AutoCloseable {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    private final DatagramSocket socket;
    private final Thread thread;
    private volatile boolean closed;

    Sprayer(int firstPort, int lastPort) throws IOException {
      socket = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
      socket.setSoTimeout(1);
      thread = new Thread(() -> run(firstPort, lastPort), "rtp-sprayer");
      thread.setDaemon(true);
      thread.start();
    }

    private void run(int firstPort, int lastPort) {
      RtpPacket packet = new RtpPacket().setPayloadType(0);
      byte[] payload = new byte[160];
      byte[] out = new byte[RtpPacket.HEADER_SIZE + payload.length];
      byte[] in = new byte[2048];
      for (int seq = 0; !closed; seq++) {
        for (int port = firstPort; port <= lastPort; port++) {
          packet.setSsrc(0x0BAD0000 + port).setSequenceNumber(seq & 0xFFFF).setTimestamp(seq * 160);
          int len = packet.setPayload(payload, 0, payload.length).write(out, 0);
          try {
            socket.send(
                new DatagramPacket(
                    out, len, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            sent.incrementAndGet();
          } catch (IOException e) {
            return; // closed
          }
        }
        long until = System.nanoTime() + 20_000_000L;
        while (!closed && System.nanoTime() < until) {
          try {
            socket.receive(new DatagramPacket(in, in.length));
            received.incrementAndGet();
          } catch (SocketTimeoutException quiet) {
            // nothing for us: as it should be
          } catch (IOException e) {
            return;
          }
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      closed = true;
      thread.join(2000);
      socket.close();
    }
  }

  @Test
  void anAttackerSprayingTheRtpRangeNeitherHearsNorTakesTheCall() throws Exception {
    startConnector(Map.of("SDP_CODECS", "PCMU")); // the attacker guessed the codec right
    try (Sprayer attacker = new Sprayer(connector.rtpMin, connector.rtpMax)) {
      var run = SippRunner.run(MediaE2eTest.echoCall(target, Duration.ofSeconds(3)));
      CallView live = connector.awaitLiveCall(CallState.ACTIVE);
      SippResult r = SippCalls.await(run);
      assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
      var media = connector.awaitEnded(live.key()).media();
      assertThat(attacker.sent.get()).isGreaterThan(500);
      assertThat(attacker.received.get()).as("our packets at the attacker").isZero();

      // The echo of our own stream came back from SIPp all along: the media stayed with the caller.
      assertThat(media.packetsIn()).isGreaterThan(50);
      assertThat(media.invalidPackets()).isGreaterThan(50);
      // Refused before the echo latched (not the SDP address), after it (not the caller's SSRC),
      // and on the RTCP port (not the caller's host).
      assertThat(
              connector.counter("oavc_media_rtp_dropped_total", "reason", "unlatched_source")
                  + connector.counter("oavc_media_rtp_dropped_total", "reason", "ssrc"))
          .isGreaterThan(50);
      assertThat(connector.counter("oavc_media_rtp_dropped_total", "reason", "rtcp_source"))
          .isGreaterThan(50);
      assertThat(connector.counter("oavc_media_rtp_dropped_total", "reason", "payload_type"))
          .isZero();
    }
    connector.awaitNoPortInUse();
  }
}
