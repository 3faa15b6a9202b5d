package org.oavc.connector.media;

import io.vertx.core.Future;

/** Opens the media side of a call on a port the pool handed out. */
public interface MediaSessionFactory {

  /** Binds the RTP socket; fails when the port cannot be bound (taken by another process). */
  Future<MediaSession> open(String callKey, int port);
}
