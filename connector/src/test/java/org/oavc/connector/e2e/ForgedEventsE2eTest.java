package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.opensips.UaSessionEvent;
import org.oavc.connector.testdouble.SippResult;

/**
 * An attacker on another host (127.0.0.2) knows a live call's key (the To-tag the caller sees) and
 * sends well-formed E_UA_SESSION events for it: a re-INVITE moving the media to itself, a
 * TERMINATED ending our side, a NEW taking a port. None may act; each is counted.
 */
class ForgedEventsE2eTest extends SippE2eTestBase {
  private static final String ATTACKER = "127.0.0.2";

  @Test
  void eventsFromAnotherHostNeitherMoveNorEndNorOpenCalls() throws Exception {
    startConnector(Map.of());
    Future<SippResult> call = SippCalls.place(target, "uac-wait-bye.xml", Duration.ofSeconds(40));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    int portsBefore = connector.daemon.ports().inUse();

    byte[] moveMedia = event(live.key(), "UPDATED", "INVITE", sdp(ATTACKER, 40000));
    byte[] hangUp = event(live.key(), "TERMINATED", "BYE", "");
    byte[] newCall = event("B2B.1.2.3.4", "NEW", "INVITE", sdp(ATTACKER, 40002));
    for (byte[] forged : new byte[][] {moveMedia, hangUp, newCall}) {
      // the forgeries are events OpenSIPS could have sent: only their source gives them away
      UaSessionEvent.parse(Buffer.buffer(forged));
    }
    try (DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(ATTACKER, 0))) {
      InetSocketAddress events =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), connector.daemon.eventPort());
      for (byte[] forged : new byte[][] {moveMedia, hangUp, newCall}) {
        attacker.send(new DatagramPacket(forged, forged.length, events));
      }
      await("3 forged events counted")
          .atMost(Duration.ofSeconds(10))
          .until(() -> connector.counter("oavc_events_dropped_total", "reason", "source") >= 3);
    }
    CallView after = connector.daemon.calls().registry().find(live.key()).orElseThrow();
    assertThat(after.state()).isEqualTo(CallState.ACTIVE);
    assertThat(after.mediaDirection()).isEqualTo(live.mediaDirection());
    assertThat(connector.daemon.calls().registry().live()).hasSize(1);
    assertThat(connector.daemon.ports().inUse()).isEqualTo(portsBefore);
    assertThat(connector.counter("oavc_events_received_total", "event_type", "UPDATED")).isZero();
    assertThat(connector.counter("oavc_events_received_total", "event_type", "TERMINATED"))
        .isZero();

    // the real caller still reaches us, and our hang-up still reaches it
    assertThat(connector.http("DELETE", "/calls/" + live.key()).statusCode()).isEqualTo(202);
    SippResult r = SippCalls.await(call);
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.HANGUP);
    connector.awaitNoPortInUse();
  }

  private static String sdp(String ip, int port) {
    return "v=0\r\no=x 1 1 IN IP4 "
        + ip
        + "\r\ns=-\r\nc=IN IP4 "
        + ip
        + "\r\nt=0 0\r\nm=audio "
        + port
        + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
  }

  /** An event shaped like OpenSIPS 3.4's (wire samples 02 and 06). */
  private static byte[] event(String key, String type, String method, String body) {
    JsonObject params =
        new JsonObject()
            .put("key", key)
            .put("event_type", type)
            .put("entity_type", "UAS")
            .put("status", 0)
            .putNull("reason")
            .put("method", method)
            .put("body", body)
            .put(
                "headers",
                "Call-ID: forged@"
                    + ATTACKER
                    + "\r\nCSeq: 2 "
                    + method
                    + "\r\n"
                    + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n"));
    return new JsonObject()
        .put("jsonrpc", "2.0")
        .put("method", "E_UA_SESSION")
        .put("params", params)
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }
}
