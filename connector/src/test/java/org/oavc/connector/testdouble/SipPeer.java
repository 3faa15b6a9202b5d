package org.oavc.connector.testdouble;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** A raw SIP caller on loopback for tests that need exact control (no SIPp). */
final class SipPeer implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress target;

  SipPeer(InetSocketAddress target) throws IOException {
    this.target = target;
    socket = new DatagramSocket(new InetSocketAddress(target.getAddress(), 0));
    socket.setSoTimeout(10_000);
  }

  int port() {
    return socket.getLocalPort();
  }

  /** The target host as written in SIP URIs (IPv6 in brackets). */
  String host() {
    String h = target.getAddress().getHostAddress();
    return h.contains(":") ? "[" + h + "]" : h;
  }

  void send(String message) throws IOException {
    byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
    socket.send(new DatagramPacket(b, b.length, target));
  }

  /** The next datagram whose text matches, skipping others; fails after 10 s of silence. */
  String receive(Predicate<String> wanted) throws IOException {
    byte[] buf = new byte[65535];
    while (true) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        throw new IOException("no matching SIP message within 10 s", e);
      }
      String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
      if (wanted.test(text)) {
        return text;
      }
    }
  }

  String receiveStartingWith(String prefix) throws IOException {
    return receive(t -> t.startsWith(prefix));
  }

  /** An initial INVITE with an SDP offer, to R-URI user {@code user}. */
  String invite(String user, String callId) {
    String sdp =
        "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    return "INVITE sip:"
        + user
        + "@"
        + host()
        + ":"
        + target.getPort()
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP "
        + host()
        + ":"
        + port()
        + ";branch=z9hG4bK-"
        + callId
        + "-0\r\n"
        + "From: <sip:caller@"
        + host()
        + ":"
        + port()
        + ">;tag="
        + callId
        + "-tag\r\n"
        + "To: <sip:"
        + user
        + "@"
        + host()
        + ":"
        + target.getPort()
        + ">\r\n"
        + "Call-ID: "
        + callId
        + "\r\nCSeq: 1 INVITE\r\n"
        + "Contact: <sip:caller@"
        + host()
        + ":"
        + port()
        + ">\r\nMax-Forwards: 70\r\n"
        + "Content-Type: application/sdp\r\nContent-Length: "
        + sdp.length()
        + "\r\n\r\n"
        + sdp;
  }

  /** An in-dialog request from the caller; {@code key} is the session's To-tag. */
  String inDialog(String method, String callId, String key, int cseq, String user) {
    return method
        + " sip:"
        + host()
        + ":"
        + target.getPort()
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP "
        + host()
        + ":"
        + port()
        + ";branch=z9hG4bK-"
        + callId
        + "-"
        + cseq
        + "-"
        + method
        + "\r\n"
        + "From: <sip:caller@"
        + host()
        + ":"
        + port()
        + ">;tag="
        + callId
        + "-tag\r\n"
        + "To: <sip:"
        + user
        + "@"
        + host()
        + ":"
        + target.getPort()
        + ">;tag="
        + key
        + "\r\n"
        + "Call-ID: "
        + callId
        + "\r\nCSeq: "
        + cseq
        + " "
        + method
        + "\r\n"
        + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
  }

  /** A reply to a request the double sent us, echoing its dialog headers. */
  static String replyTo(String request, int code, String reason) {
    StringBuilder sb = new StringBuilder("SIP/2.0 " + code + " " + reason + "\r\n");
    for (String line : request.split("\r\n")) {
      String lower = line.toLowerCase();
      if (lower.startsWith("via:")
          || lower.startsWith("from:")
          || lower.startsWith("to:")
          || lower.startsWith("call-id:")
          || lower.startsWith("cseq:")) {
        sb.append(line).append("\r\n");
      }
    }
    return sb.append("Content-Length: 0\r\n\r\n").toString();
  }

  @Override
  public void close() {
    socket.close();
  }
}
