package org.oavc.connector.daemon;

import io.vertx.core.Future;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.media.MediaSessionFactory;
import org.oavc.connector.sdp.SdpNegotiation;

/**
 * Media sessions that bind nothing, for the signalling warm-up: the media path has its own warm-up,
 * and binding real RTP ports for rehearsal calls would take them from the pool.
 */
final class IdleMediaSessions implements MediaSessionFactory {
  private int open;

  /** Sessions opened and not closed yet. */
  int open() {
    return open;
  }

  @Override
  public Future<MediaSession> open(String callKey, int port) {
    open++;
    return Future.succeededFuture(
        new MediaSession() {
          private boolean closed;

          @Override
          public int localPort() {
            return port;
          }

          @Override
          public void apply(SdpNegotiation negotiation) {}

          @Override
          public long packetsReceived() {
            return 0;
          }

          @Override
          public long lastPacketNanos() {
            return 0;
          }

          @Override
          public Future<Void> close() {
            if (!closed) {
              closed = true;
              open--;
            }
            return Future.succeededFuture();
          }
        });
  }
}
