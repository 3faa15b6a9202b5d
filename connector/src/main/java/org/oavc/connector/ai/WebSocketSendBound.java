package org.oavc.connector.ai;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.CloseFrame;

/**
 * The bound on one back-end WebSocket's send queue. Java-WebSocket queues every frame without limit
 * while its writer thread waits on a peer that stopped reading; a flavor asks here before queueing
 * caller audio: under the bound it sends, over it the frame is dropped (and counted), and once the
 * queue has stayed over the bound for longer than the stall time the back end counts as failed.
 * Used on the call's context only.
 */
public final class WebSocketSendBound {
  /** What to do with the next audio frame. */
  public enum Verdict {
    SEND,
    DROP,
    STALLED
  }

  private final long maxBytes;
  private final long stallNanos;
  private long fullSinceNanos = -1;

  public WebSocketSendBound(AiLimitOptions limits) {
    this.maxBytes = limits.sendQueueMaxBytes();
    this.stallNanos = limits.sendStallMillis() * 1_000_000L;
  }

  /** Judges the next audio frame for {@code client}'s connection. */
  public Verdict next(WebSocketClient client) {
    if (queuedBytes(client, maxBytes) < maxBytes) {
      fullSinceNanos = -1;
      return Verdict.SEND;
    }
    long now = System.nanoTime();
    if (fullSinceNanos < 0) {
      fullSinceNanos = now;
    }
    return now - fullSinceNanos >= stallNanos ? Verdict.STALLED : Verdict.DROP;
  }

  /** A new connection starts with an empty queue. */
  public void reset() {
    fullSinceNanos = -1;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public long stallMillis() {
    return stallNanos / 1_000_000;
  }

  /**
   * Tears a connection down without a close handshake, so its read and write threads end even when
   * the peer reads nothing more. Blocking: off the event loop.
   */
  public static void abort(WebSocketClient client, String reason) {
    client.closeConnection(CloseFrame.ABNORMAL_CLOSE, reason);
    Socket raw = client.getSocket();
    if (raw != null) {
      try {
        raw.close();
      } catch (IOException e) {
        // Already closed: nothing left to release.
      }
    }
  }

  /** Bytes framed and not yet handed to the socket, counted up to {@code enough}. */
  static long queuedBytes(WebSocketClient client, long enough) {
    WebSocket connection = client.getConnection();
    if (!(connection instanceof WebSocketImpl engine)) {
      return 0;
    }
    long total = 0;
    for (ByteBuffer b : engine.outQueue) {
      total += b.remaining();
      if (total >= enough) {
        break;
      }
    }
    return total;
  }
}
