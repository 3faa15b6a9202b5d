package org.oavc.connector.e2e;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP caller over plain UDP for a test that must choose its SDP at run time (SIPp's scenarios
 * take it from the file): INVITE with the given body, ACK of the 200, BYE. Only the happy path:
 * anything else fails the test with the message received.
 */
final class RawSipCaller implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress target;
  private final String callId;
  private final String fromTag = "raw" + System.nanoTime();
  private String toHeader;
  private int cseq = 1;

  RawSipCaller(InetSocketAddress target) throws IOException {
    this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    this.socket.setSoTimeout(500);
    this.target = target;
    this.callId = "raw-" + System.nanoTime() + "@127.0.0.1";
  }

  /** Sends the INVITE (re-sent every 500 ms), returns the 200's body after ACKing it. */
  String invite(String sdp) throws IOException {
    String uri = "sip:ai@" + target.getHostString() + ":" + target.getPort();
    String request =
        head("INVITE", uri, "<" + uri + ">")
            + "Content-Type: application/sdp\r\nContent-Length: "
            + sdp.getBytes(StandardCharsets.UTF_8).length
            + "\r\n\r\n"
            + sdp;
    String ok = exchange(request, "INVITE");
    Matcher to = Pattern.compile("(?m)^To: *([^\r\n]*)").matcher(ok);
    if (!to.find()) {
      throw new IllegalStateException("200 without To: " + ok);
    }
    toHeader = to.group(1);
    send(head("ACK", uri, toHeader) + "\r\n");
    return ok.substring(ok.indexOf("\r\n\r\n") + 4);
  }

  /** BYE in the dialog; returns once its 200 came. */
  void bye() throws IOException {
    cseq++;
    String uri = "sip:ai@" + target.getHostString() + ":" + target.getPort();
    exchange(head("BYE", uri, toHeader) + "Content-Length: 0\r\n\r\n", "BYE");
  }

  private String head(String method, String uri, String to) {
    return method
        + " "
        + uri
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:"
        + socket.getLocalPort()
        + ";branch=z9hG4bK"
        + method.toLowerCase()
        + cseq
        + fromTag
        + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:browser@127.0.0.1>;tag="
        + fromTag
        + "\r\nTo: "
        + to
        + "\r\nCall-ID: "
        + callId
        + "\r\nCSeq: "
        + cseq
        + " "
        + method
        + "\r\nContact: <sip:browser@127.0.0.1:"
        + socket.getLocalPort()
        + ">\r\n"
        + (method.equals("ACK") ? "Content-Length: 0\r\n" : "");
  }

  /** Sends until a final response to {@code method} arrives; returns it if 200, else fails. */
  private String exchange(String request, String method) throws IOException {
    byte[] buf = new byte[65535];
    for (int attempt = 0; attempt < 40; attempt++) {
      send(request);
      try {
        while (true) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          socket.receive(p);
          String msg = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
          if (!msg.startsWith("SIP/2.0 ") || !msg.contains(" " + method + "\r\n")) {
            continue;
          }
          int code = Integer.parseInt(msg.substring(8, 11));
          if (code < 200) {
            continue;
          }
          if (code != 200) {
            throw new IllegalStateException(method + " answered " + msg);
          }
          return msg;
        }
      } catch (SocketTimeoutException e) {
        // retransmit
      }
    }
    throw new IllegalStateException("no final response to " + method);
  }

  private void send(String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(b, b.length, target));
  }

  @Override
  public void close() {
    socket.close();
  }
}
