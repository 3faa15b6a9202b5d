package org.oavc.connector.media.session.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vertx.core.datagram.DatagramSocket;
import java.net.InetSocketAddress;
import org.oavc.connector.vertx.VertxInternals;

/**
 * Writes RTP straight to the Netty channel under a Vert.x datagram socket. Vert.x's {@code
 * send(Buffer, port, host)} resolves the host string through its name resolver for every packet
 * (futures, promises, an address and a heap copy each time: most of the send path's allocation, and
 * allocation means collections that stall the pacing); we already hold the resolved address. The
 * channel is a private field of Vert.x's implementation ({@link VertxInternals}), so this is
 * best-effort: when it cannot be reached (another Vert.x version), {@link #write} returns false and
 * the caller sends the ordinary way.
 */
final class DatagramWriter {
  private final Channel channel;

  DatagramWriter(DatagramSocket socket) {
    this.channel = VertxInternals.datagramChannel(socket).orElse(null);
  }

  /** The socket's Netty channel, or null when it cannot be reached. */
  Channel channel() {
    return channel;
  }

  /**
   * @return false when this writer cannot send (then use the socket's own send)
   */
  boolean write(byte[] packet, int length, InetSocketAddress to) {
    if (channel == null || to.isUnresolved()) {
      return false;
    }
    // A pooled direct buffer (the kernel needs one anyway), released by Netty after the write.
    ByteBuf buf = channel.alloc().directBuffer(length).writeBytes(packet, 0, length);
    channel.writeAndFlush(new io.netty.channel.socket.DatagramPacket(buf, to));
    return true;
  }
}
