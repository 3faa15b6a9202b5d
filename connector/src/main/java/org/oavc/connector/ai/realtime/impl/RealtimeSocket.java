package org.oavc.connector.ai.realtime.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.oavc.common.net.UrlRedaction;
import org.oavc.connector.ai.AiUnavailableException;
import org.oavc.connector.ai.WebSocketSendBound;

/**
 * One Java-WebSocket client connection. The library blocks in connect and calls back on its own
 * read thread; here connecting and closing run as blocking tasks off the event loop, and every
 * callback hops to the call's context. Closing always ends the library's threads: a peer that does
 * not answer the close handshake gets its TCP socket closed under it.
 */
final class RealtimeSocket {
  private static final long CLOSE_HANDSHAKE_MILLIS = 2000;

  /** Runs on the call's context. */
  interface Listener {
    void onText(RealtimeSocket socket, String text);

    void onClosed(RealtimeSocket socket, int code, String reason);
  }

  private final Client client;
  private final Context context;
  private final Listener listener;
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile Exception lastError;

  private RealtimeSocket(
      URI uri, Map<String, String> headers, int timeoutMillis, Context context, Listener listener) {
    this.client = new Client(uri, headers, timeoutMillis);
    this.context = context;
    this.listener = listener;
  }

  /** Connects within {@code timeoutMillis}; fails with {@link AiUnavailableException}. */
  static Future<RealtimeSocket> connect(
      Context context, URI uri, Map<String, String> headers, int timeoutMillis, Listener listener) {
    RealtimeSocket socket = new RealtimeSocket(uri, headers, timeoutMillis, context, listener);
    return context.executeBlocking(
        () -> {
          boolean open;
          try {
            open = socket.client.connectBlocking(timeoutMillis, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open = false;
          }
          if (!open) {
            socket.abort();
            Exception cause = socket.lastError;
            throw new AiUnavailableException(
                "realtime back end "
                    + UrlRedaction.redact(uri)
                    + " not reachable within "
                    + timeoutMillis
                    + " ms"
                    + (cause == null ? "" : ": " + cause),
                cause);
          }
          return socket;
        },
        false);
  }

  /** Sends one text frame; false when the connection is not open. */
  boolean send(String text) {
    try {
      client.send(text);
      return true;
    } catch (WebsocketNotConnectedException e) {
      return false;
    }
  }

  /** Whether the next audio frame may be queued on this connection. */
  WebSocketSendBound.Verdict judge(WebSocketSendBound bound) {
    return bound.next(client);
  }

  boolean isOpen() {
    return client.isOpen();
  }

  /** Close handshake, bounded; the TCP socket is closed if the peer does not answer. Idempotent. */
  Future<Void> close() {
    if (!closing.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return context.executeBlocking(
        () -> {
          client.close(CloseFrame.NORMAL);
          boolean closed;
          try {
            closed = closedLatch.await(CLOSE_HANDSHAKE_MILLIS, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = false;
          }
          if (!closed) {
            abort();
          }
          return null;
        },
        false);
  }

  /** Tears the connection down without a handshake, so the read and write threads end. */
  private void abort() {
    closing.set(true);
    WebSocketSendBound.abort(client, "aborted");
  }

  private final class Client extends WebSocketClient {
    Client(URI uri, Map<String, String> headers, int timeoutMillis) {
      super(uri, new Draft_6455(), headers, timeoutMillis);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
      // Nothing to do: connect() completes from connectBlocking.
    }

    @Override
    public void onMessage(String message) {
      context.runOnContext(v -> listener.onText(RealtimeSocket.this, message));
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      closedLatch.countDown();
      String why =
          reason == null || reason.isEmpty()
              ? (lastError == null ? "" : lastError.toString())
              : reason;
      context.runOnContext(v -> listener.onClosed(RealtimeSocket.this, code, why));
    }

    @Override
    public void onError(Exception e) {
      lastError = e;
    }
  }
}
