package org.oavc.connector.vertx;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.lang.reflect.Field;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every use of Vert.x beyond its public API, in one place: a Vert.x upgrade that changes any of it
 * breaks this class (and its test, VertxInternalsTest), not six call sites. What we need and the
 * public API lacks: event-loop contexts of our own choosing (a call's AI work and its RTP stay on
 * one loop, and pacing groups are per loop), the loops themselves (warm-up), and the Netty channel
 * under a datagram socket (RTP read and written without Vert.x's per-packet copies and name
 * resolution).
 */
public final class VertxInternals {
  private static final Logger log = LoggerFactory.getLogger(VertxInternals.class);
  private static final Field DATAGRAM_CHANNEL = datagramChannelField();

  private VertxInternals() {}

  /** A new context on the next event loop, round robin, as Vert.x deploys verticles. */
  public static ContextInternal newEventLoopContext(Vertx vertx) {
    return ((VertxInternal) vertx).createEventLoopContext();
  }

  /** A promise bound to the caller's context (or a new one off any Vert.x thread). */
  public static <T> Promise<T> promise(Vertx vertx) {
    return ((VertxInternal) vertx).getOrCreateContext().promise();
  }

  /** The Netty event loops behind Vert.x's event loops. */
  public static Iterable<EventExecutor> eventLoops(Vertx vertx) {
    return ((VertxInternal) vertx).nettyEventLoopGroup();
  }

  /**
   * The Netty channel under a Vert.x datagram socket, or empty when this Vert.x hides it (then RTP
   * takes Vert.x's own, slower, send and receive).
   */
  public static Optional<Channel> datagramChannel(DatagramSocket socket) {
    if (DATAGRAM_CHANNEL == null || !DATAGRAM_CHANNEL.getDeclaringClass().isInstance(socket)) {
      return Optional.empty();
    }
    try {
      return DATAGRAM_CHANNEL.get(socket) instanceof Channel c ? Optional.of(c) : Optional.empty();
    } catch (IllegalAccessException e) {
      return Optional.empty();
    }
  }

  private static Field datagramChannelField() {
    try {
      Field f =
          Class.forName("io.vertx.core.datagram.impl.DatagramSocketImpl")
              .getDeclaredField("channel");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn(
          "RTP goes through Vert.x's datagram API, slower: its channel is not reachable ({})",
          e.toString());
      return null;
    }
  }
}
