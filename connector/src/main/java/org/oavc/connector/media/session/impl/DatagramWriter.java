package org.oavc.connector.media.session.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vertx.core.datagram.DatagramSocket;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes RTP straight to the Netty channel under a Vert.x datagram socket. Vert.x's
 * {@code send(Buffer, port, host)} resolves the host string through its name resolver for every
 * packet (futures, promises, an address and a heap copy each time: most of the send path's
 * allocation, and allocation means collections that stall the pacing); we already hold the
 * resolved address. The channel is a private field of Vert.x's implementation, so this is
 * best-effort: when it cannot be reached (another Vert.x version), {@link #write} returns false
 * and the caller sends the ordinary way.
 */
final class DatagramWriter {
  private static final Logger log = LoggerFactory.getLogger("oavc.media");
  private static final Field CHANNEL = channelField();

  private final Channel channel;

  DatagramWriter(DatagramSocket socket) {
    this.channel = channelOf(socket);
  }

  private static Field channelField() {
    try {
      Field f = Class.forName("io.vertx.core.datagram.impl.DatagramSocketImpl").getDeclaredField("channel");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.info("RTP goes through Vert.x's send (its datagram channel is not reachable: {})", e.toString());
      return null;
    }
  }

  private static Channel channelOf(DatagramSocket socket) {
    if (CHANNEL == null || !CHANNEL.getDeclaringClass().isInstance(socket)) {
      return null;
    }
    try {
      return CHANNEL.get(socket) instanceof Channel c ? c : null;
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  /** The socket's Netty channel, or null when it cannot be reached. */
  Channel channel() {
    return channel;
  }

  /** @return false when this writer cannot send (then use the socket's own send) */
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
