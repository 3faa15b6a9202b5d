package org.oavc.connector.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What we take from Vert.x beyond its public API still works with the Vert.x we build with, on both
 * transports. When an upgrade hides the datagram channel, RTP silently falls back to a slower path;
 * this test is what notices.
 */
class VertxInternalsTest {
  @ParameterizedTest(name = "native transport {0}")
  @ValueSource(booleans = {false, true})
  void everyInternalWeUseIsThere(boolean nativeTransport) throws Exception {
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setPreferNativeTransport(nativeTransport)
                    .setEventLoopPoolSize(2))
            .build();
    try {
      assertThat(vertx.isNativeTransportEnabled()).as("epoll on Linux").isEqualTo(nativeTransport);
      DatagramSocket socket = vertx.createDatagramSocket();
      socket
          .listen(0, "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      assertThat(VertxInternals.datagramChannel(socket))
          .as("the Netty channel under a Vert.x datagram socket (RTP's fast path)")
          .hasValueSatisfying(c -> assertThat(c.isActive()).isTrue());

      ContextInternal a = VertxInternals.newEventLoopContext(vertx);
      ContextInternal b = VertxInternals.newEventLoopContext(vertx);
      assertThat(a.isEventLoopContext()).isTrue();
      assertThat(a.nettyEventLoop())
          .as("round robin over the loops")
          .isNotSameAs(b.nettyEventLoop());
      assertThat(VertxInternals.eventLoops(vertx)).hasSize(2);

      Promise<String> p = VertxInternals.promise(vertx);
      p.complete("done");
      assertThat(p.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
          .isEqualTo("done");
      socket.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
