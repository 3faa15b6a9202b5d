package org.oavc.connector.media.session.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * Reads datagrams straight off the Netty channel under a Vert.x datagram socket, ahead of Vert.x's
 * own handler: Vert.x gives each datagram a heap copy, a packet object and a sender address with
 * its host as a new string (about half of what the media threads allocated per packet, and so of
 * the young collections that stall every stream at once). Here the bytes go into the session's one
 * receive array. Only datagram reads are taken; every other event still reaches Vert.x. Vert.x's
 * datagram metrics no longer see the received bytes (the session's own counters do).
 */
final class DatagramReader extends ChannelInboundHandlerAdapter {
  /**
   * Gets each datagram's first {@code length} bytes of {@code bytes}, valid during the call only.
   */
  @FunctionalInterface
  interface Receiver {
    void onDatagram(byte[] bytes, int length, InetSocketAddress sender);
  }

  private final byte[] buffer;
  private final Receiver receiver;

  private DatagramReader(byte[] buffer, Receiver receiver) {
    this.buffer = buffer;
    this.receiver = receiver;
  }

  /**
   * Puts a reader first in {@code channel}'s pipeline.
   *
   * @return false when there is no channel to read from (then the Vert.x handler gets everything)
   */
  static boolean install(Channel channel, byte[] buffer, Receiver receiver) {
    if (channel == null) {
      return false;
    }
    channel.pipeline().addFirst("oavc-datagram-reader", new DatagramReader(buffer, receiver));
    return true;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket packet)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      ByteBuf content = packet.content();
      int length = content.readableBytes();
      byte[] bytes = length <= buffer.length ? buffer : new byte[length];
      content.getBytes(content.readerIndex(), bytes, 0, length);
      receiver.onDatagram(bytes, length, packet.sender());
    } finally {
      packet.release();
    }
  }
}
