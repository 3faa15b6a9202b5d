package org.oavc.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The called party of one placed call, in plain SIP over a loopback UDP socket: takes the INVITE
 * OpenSIPS (or its double) sends, answers 180 and 200 at once with PCMU on {@code rtpPort}, and can
 * hang up with its own BYE, which OpenSIPS answers without telling the connector. Only the
 * exchanges the latency bench needs; SIPp cannot say when each message came.
 */
final class BenchCallee implements AutoCloseable {
  private static final Pattern M_AUDIO = Pattern.compile("(?m)^m=audio (\\d+) ");
  private static final Pattern C_IN = Pattern.compile("(?m)^c=IN IP4 (\\S+)");

  private final DatagramSocket socket;
  private final int rtpPort;
  private final String tag = "callee" + ThreadLocalRandom.current().nextInt(1 << 30);
  private SocketAddress proxy;
  private String invite;

  BenchCallee(int rtpPort) throws IOException {
    this.rtpPort = rtpPort;
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket.setSoTimeout(30_000);
  }

  String uri() {
    return "sip:callee@127.0.0.1:" + socket.getLocalPort();
  }

  /** Waits for the INVITE; returns when it came (nanos). */
  long awaitInvite() throws IOException {
    DatagramPacket p = receive("INVITE ");
    invite = text(p);
    proxy = p.getSocketAddress();
    return System.nanoTime();
  }

  /** The RTP address of the connector's offer. */
  InetSocketAddress offeredRtp() {
    Matcher m = M_AUDIO.matcher(invite);
    Matcher c = C_IN.matcher(invite);
    if (!m.find() || !c.find()) {
      throw new IllegalStateException("INVITE without an audio offer:\n" + invite);
    }
    return new InetSocketAddress(c.group(1), Integer.parseInt(m.group(1)));
  }

  /** 180, then 200 with our SDP; returns when the 200 went out (nanos). */
  long answer() throws IOException {
    send(response(180, "Ringing", null));
    String sdp =
        "v=0\r\no=callee 1 1 IN IP4 127.0.0.1\r\ns=bench\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio "
            + rtpPort
            + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";
    send(response(200, "OK", sdp));
    return System.nanoTime();
  }

  /** Our BYE (the called party hangs up). */
  void bye() throws IOException {
    String contact = header(invite, "Contact").replaceAll(".*<([^>]+)>.*", "$1");
    String msg =
        "BYE "
            + contact
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:"
            + socket.getLocalPort()
            + ";branch=z9hG4bK"
            + ThreadLocalRandom.current().nextInt(1 << 30)
            + "\r\n"
            + "From: "
            + header(invite, "To")
            + ";tag="
            + tag
            + "\r\nTo: "
            + header(invite, "From")
            + "\r\nCall-ID: "
            + header(invite, "Call-ID")
            + "\r\nCSeq: 1 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    send(msg);
  }

  private String response(int status, String reason, String sdp) {
    StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason);
    b.append("\r\n");
    for (String line : invite.split("\r\n")) {
      String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim() : "";
      if (name.equalsIgnoreCase("Via")
          || name.equalsIgnoreCase("From")
          || name.equalsIgnoreCase("Call-ID")
          || name.equalsIgnoreCase("CSeq")
          || name.equalsIgnoreCase("Record-Route")) {
        b.append(line).append("\r\n");
      } else if (name.equalsIgnoreCase("To")) {
        b.append(line).append(";tag=").append(tag).append("\r\n");
      }
    }
    b.append("Contact: <sip:callee@127.0.0.1:").append(socket.getLocalPort()).append(">\r\n");
    if (sdp != null) {
      b.append("Content-Type: application/sdp\r\n");
    }
    int length = sdp == null ? 0 : sdp.getBytes(StandardCharsets.ISO_8859_1).length;
    b.append("Content-Length: ").append(length).append("\r\n\r\n");
    if (sdp != null) {
      b.append(sdp);
    }
    return b.toString();
  }

  private static String header(String message, String name) {
    for (String line : message.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    throw new IllegalStateException("no " + name + " in:\n" + message);
  }

  private void send(String message) throws IOException {
    byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
    socket.send(new DatagramPacket(b, b.length, proxy));
  }

  private DatagramPacket receive(String prefix) throws IOException {
    while (true) {
      DatagramPacket p = new DatagramPacket(new byte[65_535], 65_535);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        throw new IOException("no " + prefix.trim() + " within 30 s", e);
      }
      if (text(p).startsWith(prefix)) {
        return p;
      }
    }
  }

  private static String text(DatagramPacket p) {
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    socket.close();
  }
}
