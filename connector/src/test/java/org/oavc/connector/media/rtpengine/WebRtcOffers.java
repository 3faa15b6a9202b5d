package org.oavc.connector.media.rtpengine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** SDP bodies and helpers shared by the rtpengine tests. */
final class WebRtcOffers {
  private WebRtcOffers() {}

  /**
   * A browser's offer as the wire sample 18-websocket-caller sends it (Opus, PCMU, DTMF, rtcp-mux,
   * DTLS fingerprint, ICE), its candidate at {@code port} on 127.0.0.1.
   */
  static String browser(int port) {
    return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
        + "m=audio "
        + port
        + " UDP/TLS/RTP/SAVPF 111 0 126\r\nc=IN IP4 127.0.0.1\r\n"
        + "a=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\n"
        + "a=rtpmap:126 telephone-event/8000\r\na=rtcp-mux\r\na=setup:actpass\r\n"
        + "a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:"
        + "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99\r\n"
        + "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
        + "a=candidate:1 1 udp 2130706431 127.0.0.1 "
        + port
        + " typ host\r\na=sendrecv\r\n";
  }

  /** A plain RTP answer choosing Opus, as our SdpAnswerer writes one. */
  static String plainAnswer(int port) {
    return "v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio "
        + port
        + " RTP/AVP 111 126\r\na=rtpmap:111 opus/48000/2\r\n"
        + "a=rtpmap:126 telephone-event/8000\r\na=sendrecv\r\n";
  }

  static <T> T await(io.vertx.core.Future<T> f)
      throws InterruptedException, ExecutionException, TimeoutException {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
