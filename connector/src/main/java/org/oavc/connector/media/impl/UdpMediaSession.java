package org.oavc.connector.media.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.sdp.SdpNegotiation;

/**
 * The RTP socket of a call: binds the port, validates incoming packets as RTP (version 2, full
 * fixed header) and records liveness for the inactivity timeout. Garbage is counted, never
 * fatal.
 */
public final class UdpMediaSession implements MediaSession {
  private final DatagramSocket socket;
  private final int port;
  private volatile SdpNegotiation negotiation;
  private volatile long packets;
  private volatile long invalid;
  private volatile long lastPacketNanos;
  private Future<Void> closed;

  private UdpMediaSession(DatagramSocket socket, int port) {
    this.socket = socket;
    this.port = port;
  }

  public static Future<MediaSession> open(Vertx vertx, String bindIp, int port) {
    DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions());
    UdpMediaSession session = new UdpMediaSession(socket, port);
    socket.handler(session::onPacket);
    return socket.listen(port, bindIp).map(s -> (MediaSession) session);
  }

  private void onPacket(DatagramPacket packet) {
    Buffer data = packet.data();
    if (data.length() < 12 || (data.getByte(0) & 0xC0) != 0x80) {
      invalid++;
      return;
    }
    packets++;
    lastPacketNanos = System.nanoTime();
  }

  @Override
  public int localPort() {
    return port;
  }

  @Override
  public void apply(SdpNegotiation negotiation) {
    this.negotiation = negotiation;
  }

  public SdpNegotiation negotiation() {
    return negotiation;
  }

  @Override
  public long packetsReceived() {
    return packets;
  }

  public long packetsInvalid() {
    return invalid;
  }

  @Override
  public long lastPacketNanos() {
    return lastPacketNanos;
  }

  @Override
  public synchronized Future<Void> close() {
    if (closed == null) {
      closed = socket.close();
    }
    return closed;
  }
}
