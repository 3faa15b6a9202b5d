package org.oavc.connector.media.session;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.oavc.connector.media.rtp.RtpPacket;
import org.oavc.connector.media.rtp.RtpValidation;

/** The caller's side in tests: a plain UDP socket on loopback that sends and receives RTP. */
final class RtpPeer implements AutoCloseable {
  /** One received datagram, parsed as RTP when it is RTP. */
  record Received(byte[] data, RtpPacket rtp, boolean isRtcp) {
    byte[] payload() {
      return Arrays.copyOfRange(
          rtp.payloadBuffer(), rtp.payloadOffset(), rtp.payloadOffset() + rtp.payloadLength());
    }
  }

  private final DatagramSocket socket;
  private final InetSocketAddress target;
  private final int ssrc;
  private int sequence = 1000;
  private int timestamp = 50_000;

  RtpPeer(int targetPort, int ssrc) throws IOException {
    this(0, targetPort, ssrc);
  }

  RtpPeer(int localPort, int targetPort, int ssrc) throws IOException {
    this(InetAddress.getLoopbackAddress(), localPort, targetPort, ssrc);
  }

  /** A peer on another local address, e.g. 127.0.0.2: another host as the session sees it. */
  RtpPeer(InetAddress local, int localPort, int targetPort, int ssrc) throws IOException {
    socket = new DatagramSocket(localPort, local);
    target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.ssrc = ssrc;
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /**
   * Builds the next packet of this peer's stream (sequence and timestamp advance by the caller).
   */
  byte[] packet(int payloadType, int seq, int ts, boolean marker, byte[] payload) {
    RtpPacket p =
        new RtpPacket()
            .clear()
            .setPayloadType(payloadType)
            .setSequenceNumber(seq)
            .setTimestamp(ts)
            .setSsrc(ssrc)
            .setMarker(marker)
            .setPayload(payload, 0, payload.length);
    byte[] out = new byte[p.size()];
    p.write(out, 0);
    return out;
  }

  /** The next packet in order: sequence + 1, timestamp + {@code timestampStep}. */
  byte[] next(int payloadType, int timestampStep, byte[] payload) {
    byte[] p = packet(payloadType, sequence, timestamp, false, payload);
    sequence = (sequence + 1) & 0xFFFF;
    timestamp += timestampStep;
    return p;
  }

  void send(byte[] data) throws IOException {
    socket.send(new DatagramPacket(data, data.length, target));
  }

  void sendTo(byte[] data, int port) throws IOException {
    socket.send(
        new DatagramPacket(data, data.length, new InetSocketAddress(target.getAddress(), port)));
  }

  /** The next datagram, or null after {@code timeoutMillis} without one. */
  Received receive(int timeoutMillis) throws IOException {
    byte[] buf = new byte[2048];
    DatagramPacket d = new DatagramPacket(buf, buf.length);
    socket.setSoTimeout(timeoutMillis);
    try {
      socket.receive(d);
    } catch (SocketTimeoutException e) {
      return null;
    }
    byte[] data = Arrays.copyOf(buf, d.getLength());
    RtpPacket rtp = new RtpPacket();
    boolean rtcp = rtp.parse(data, 0, data.length) != RtpValidation.VALID;
    return new Received(data, rtp, rtcp);
  }

  /** The next RTP packet, skipping RTCP; fails after 10 s. */
  Received receiveRtp() throws IOException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      Received r = receive(10_000);
      if (r != null && !r.isRtcp()) {
        return r;
      }
    }
    throw new AssertionError("no RTP packet within 10 s");
  }

  /** Discards whatever has queued up on the socket. */
  void drain() throws IOException {
    drained();
  }

  /** Discards whatever has queued up on the socket; returns how many datagrams that was. */
  int drained() throws IOException {
    int n = 0;
    while (receive(1) != null) {
      n++;
    }
    return n;
  }

  int ssrc() {
    return ssrc;
  }

  @Override
  public void close() {
    socket.close();
  }
}
